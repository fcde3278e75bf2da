package io.tributary.connect.herder;

import java.util.Map;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

/**
 * A source connector that answers KIP-618's preflight questions from its config: {@code eos} = {@code yes}
 * (SUPPORTED), {@code no} (UNSUPPORTED), {@code null} (does not say), {@code throw}; {@code boundaries} = {@code yes}
 * or anything else for {@code canDefineTransactionBoundaries}.
 */
public class ExactlyOnceTestSourceConnector extends TestSourceConnector {

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> props) {
        return switch (props.getOrDefault("eos", "null")) {
            case "yes" -> ExactlyOnceSupport.SUPPORTED;
            case "no" -> ExactlyOnceSupport.UNSUPPORTED;
            case "throw" -> throw new IllegalStateException("cannot tell without the database");
            default -> null;
        };
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> props) {
        return "yes".equals(props.get("boundaries")) ? ConnectorTransactionBoundaries.SUPPORTED
                : ConnectorTransactionBoundaries.UNSUPPORTED;
    }
}
