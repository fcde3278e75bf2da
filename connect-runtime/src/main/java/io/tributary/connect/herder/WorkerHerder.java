package io.tributary.connect.herder;

import io.tributary.connect.worker.Worker;
import java.util.List;
import java.util.Map;

/**
 * What both modes answer the same way, from this worker alone: its identity and the plugins it has (listing,
 * definitions, config validation). The modes differ in where connector configs live and who runs what.
 */
public abstract class WorkerHerder implements Herder {

    protected final Worker worker;
    protected final ConfigValidation validation;
    private final WorkerInfo workerInfo;

    protected WorkerHerder(Worker worker, WorkerInfo workerInfo) {
        this.worker = worker;
        this.workerInfo = workerInfo;
        this.validation = new ConfigValidation(worker);
    }

    @Override
    public WorkerInfo workerInfo() {
        return workerInfo;
    }

    @Override
    public List<PluginDesc> plugins(boolean connectorsOnly) {
        return worker.plugins().descs(connectorsOnly);
    }

    @Override
    public ConfigInfos validate(String pluginClassOrAlias, Map<String, String> config) {
        return validation.validate(pluginClassOrAlias, config);
    }

    @Override
    public List<ConfigInfos.ConfigKeyInfo> pluginConfig(String pluginClassOrAlias) {
        return validation.pluginConfig(pluginClassOrAlias);
    }
}
