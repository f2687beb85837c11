package io.streamrec.http;

/** What the health endpoints report about the instance (the app in production). */
interface InstanceHealth {
    /** False once a stream thread failed (the instance then shuts down). */
    boolean live();

    /** Kafka Streams RUNNING and a model loaded. */
    boolean ready();

    String streamsState();

    String modelVersion();
}
