package io.streamrec.http;

import io.streamrec.app.StreamrecApp;

/** The app as the health endpoints see it. */
record AppHealth(StreamrecApp app) implements InstanceHealth {
    @Override
    public boolean live() {
        return app.isLive();
    }

    @Override
    public boolean ready() {
        return app.isReady();
    }

    @Override
    public String streamsState() {
        return app.streams().state().toString();
    }

    @Override
    public String modelVersion() {
        return app.models().current().version();
    }
}
