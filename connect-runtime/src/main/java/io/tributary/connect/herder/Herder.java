package io.tributary.connect.herder;

import java.util.List;
import java.util.Map;

/**
 * What the REST API asks of a Connect cluster: the connectors' configs, their lifecycle and status, their tasks and
 * offsets. Standalone and distributed modes each implement it. Every method answers synchronously or throws
 * {@link HerderException} carrying the HTTP status and message Kafka Connect answers with (404 unknown connector,
 * 409 conflicts, 400 invalid configs).
 */
public interface Herder {

    /** {@code GET /}: this worker's version, commit and the Kafka cluster id it serves. */
    WorkerInfo workerInfo();

    List<String> connectors();

    ConnectorInfo connectorInfo(String name);

    Map<String, String> connectorConfig(String name);

    /**
     * Creates or replaces a connector. {@code allowReplace} false is POST /connectors (409 when it exists).
     * Throws 400 with Kafka's message when the config does not validate.
     */
    Created putConnectorConfig(String name, Map<String, String> config, boolean allowReplace);

    /**
     * POST /connectors: creates a connector (409 when it exists) in {@code initialState} (KIP-980: RUNNING, PAUSED
     * or STOPPED), so a connector created PAUSED or STOPPED never runs before it is resumed.
     */
    Created createConnector(String name, Map<String, String> config, String initialState);

    /** PATCH: keys with a null value are removed, others set; 404 when the connector does not exist. */
    ConnectorInfo patchConnectorConfig(String name, Map<String, String> patch);

    void deleteConnector(String name);

    ConnectorStatus connectorStatus(String name);

    ConnectorStatus.TaskState taskStatus(String connector, int task);

    List<TaskConfig> taskConfigs(String name);

    /**
     * Restarts the connector and, per KIP-745, its tasks ({@code includeTasks}), only failed ones ({@code onlyFailed}).
     * Returns the status right after the request: RESTARTING for what will restart.
     */
    ConnectorStatus restartConnector(String name, boolean includeTasks, boolean onlyFailed);

    void restartTask(String connector, int task);

    void pauseConnector(String name);

    void resumeConnector(String name);

    /** KIP-875: STOPPED — the connector and its tasks shut down, their configs kept, offsets may then be changed. */
    void stopConnector(String name);

    /** KIP-875: the source partitions and offsets (or sink topic partitions and offsets) committed for it. */
    List<ConnectorOffset> offsets(String name);

    /** KIP-875: the connector must be STOPPED (400 otherwise); a null offset removes the partition's offset. */
    String alterOffsets(String name, List<ConnectorOffset> offsets);

    String resetOffsets(String name);

    /** KIP-558: the topics the connector has used since its creation or the last reset. */
    List<String> activeTopics(String name);

    void resetActiveTopics(String name);

    /**
     * {@code PUT /connectors/{name}/fence}, Apache's internal route (KIP-618): the leader fences the producers of the
     * older generations of a source connector's tasks and writes its task count record. Distributed mode only.
     */
    default void fenceZombies(String name) {
        throw new HerderException(500, "Kafka Connect in standalone mode does not support exactly-once source "
                + "connectors.");
    }

    List<PluginDesc> plugins(boolean connectorsOnly);

    /** {@code PUT /connector-plugins/{type}/config/validate}: Kafka's ConfigInfos for this config. */
    ConfigInfos validate(String pluginClassOrAlias, Map<String, String> config);

    /** {@code GET /connector-plugins/{plugin}/config}: the plugin's config definitions. */
    List<ConfigInfos.ConfigKeyInfo> pluginConfig(String pluginClassOrAlias);
}
