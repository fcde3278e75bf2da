package io.tributary.compat.jms;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * A JMS consumer in a process of its own, for a test that SIGKILLs it: in AUTO_ACKNOWLEDGE mode it receives
 * {@code first} messages of a queue, printing {@code R <text>} for each, then {@code IDLE}, does nothing for
 * {@code idleMs} (its acknowledgements must go out meanwhile), then receives {@code more} messages the same way and
 * prints {@code DONE} and sleeps, without closing anything.
 */
final class JmsAutoAckVictim {

    private JmsAutoAckVictim() {
    }

    /** Arguments: bootstrap servers, queue, first, idleMs, more. */
    public static void main(String[] args) throws Exception {
        Connection c = new TributaryConnectionFactory(args[0]).createConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue(args[1]));
        c.start();
        receive(consumer, Integer.parseInt(args[2]));
        System.out.println("IDLE");
        System.out.flush();
        Thread.sleep(Long.parseLong(args[3]));
        receive(consumer, Integer.parseInt(args[4]));
        System.out.println("DONE");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void receive(MessageConsumer consumer, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Message m = consumer.receive(60_000);
            if (m == null) {
                System.out.println("TIMEOUT");
                System.exit(1);
            }
            System.out.println("R " + ((TextMessage) m).getText());
            System.out.flush();
        }
    }
}
