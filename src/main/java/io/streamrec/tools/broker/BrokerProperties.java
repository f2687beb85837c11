package io.streamrec.tools.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Server properties for a single combined broker+controller KRaft node on the loopback interface. */
final class BrokerProperties {
    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;

    private BrokerProperties() {
    }

    static final String SCRAM_MECHANISM = "SCRAM-SHA-256";

    /**
     * @param saslPort 0 for none; otherwise a second client listener on this port that requires SASL/SCRAM
     *                 ({@value #SCRAM_MECHANISM}) authentication, for users created when the storage is formatted
     */
    static Properties singleNode(Path logDir, int brokerPort, int controllerPort, int saslPort,
                                 Map<String, String> overrides) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        String listeners = "PLAINTEXT://" + HOST + ":" + brokerPort;
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (saslPort != 0) {
            listeners += ",SASL_PLAINTEXT://" + HOST + ":" + saslPort;
            protocols += ",SASL_PLAINTEXT:SASL_PLAINTEXT";
            props.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            props.put("listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        props.put("listeners", listeners + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", listeners);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", protocols);
        props.put("log.dirs", logDir.toAbsolutePath().toString());

        // One node: every internal topic must fit on it, or consumer groups and transactions never start.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");

        props.put("group.initial.rebalance.delay.ms", "0");
        // The 128 MiB default buffer is allocated at start-up; 2 MiB is plenty for demo volumes.
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        // Topics come from topics/topics.yaml; a typo in a topic name should fail, not create a new topic.
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.putAll(overrides);
        return props;
    }
}
