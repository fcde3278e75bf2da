package io.tributary.compat.jms;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * A JMS consumer in a process of its own, for a test that SIGKILLs it: in CLIENT_ACKNOWLEDGE mode it receives
 * {@code count} messages of a queue, printing {@code R <text>} for each, prints {@code HOLDING} and then sleeps
 * without acknowledging them.
 */
final class JmsQueueHolder {

    private JmsQueueHolder() {
    }

    /** Arguments: bootstrap servers, queue, count. */
    public static void main(String[] args) throws Exception {
        Connection c = new TributaryConnectionFactory(args[0]).createConnection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue(args[1]));
        c.start();
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            Message m = consumer.receive(60_000);
            if (m == null) {
                System.out.println("TIMEOUT");
                System.exit(1);
            }
            System.out.println("R " + ((TextMessage) m).getText());
        }
        System.out.println("HOLDING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
