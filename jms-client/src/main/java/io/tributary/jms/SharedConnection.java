package io.tributary.jms;

import jakarta.jms.JMSException;

/** A connection shared by a JMSContext and the contexts made from it: closed when the last of them closes. */
final class SharedConnection {

    private final TributaryConnection connection;
    private int users = 1;

    SharedConnection(TributaryConnection connection) {
        this.connection = connection;
    }

    TributaryConnection connection() {
        return connection;
    }

    synchronized SharedConnection share() {
        users++;
        return this;
    }

    synchronized void release() throws JMSException {
        if (--users == 0) {
            connection.close();
        }
    }
}
