package io.tributary.jms;

import io.tributary.jms.message.TributaryBytesMessage;
import io.tributary.jms.message.TributaryMapMessage;
import io.tributary.jms.message.TributaryMessage;
import io.tributary.jms.message.TributaryObjectMessage;
import io.tributary.jms.message.TributaryStreamMessage;
import io.tributary.jms.message.TributaryTextMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.Enumeration;

/**
 * Copies a message another provider created into one of ours, so that it can be sent (JMS 3.1 section 3.12): body,
 * properties, JMSCorrelationID, JMSReplyTo and JMSType. The send then sets the header fields on the original too.
 */
final class ForeignMessages {

    private ForeignMessages() {
    }

    static TributaryMessage copy(Message foreign) throws JMSException {
        TributaryMessage m;
        if (foreign instanceof TextMessage t) {
            TributaryTextMessage c = new TributaryTextMessage();
            c.setText(t.getText());
            m = c;
        } else if (foreign instanceof BytesMessage b) {
            TributaryBytesMessage c = new TributaryBytesMessage();
            b.reset();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = b.readBytes(chunk)) > 0) {
                c.writeBytes(chunk, 0, n);
            }
            b.reset();
            m = c;
        } else if (foreign instanceof MapMessage map) {
            TributaryMapMessage c = new TributaryMapMessage();
            for (Enumeration<?> e = map.getMapNames(); e.hasMoreElements(); ) {
                String name = (String) e.nextElement();
                c.setObject(name, map.getObject(name));
            }
            m = c;
        } else if (foreign instanceof StreamMessage s) {
            TributaryStreamMessage c = new TributaryStreamMessage();
            s.reset();
            try {
                while (true) {
                    c.writeObject(s.readObject());
                }
            } catch (MessageEOFException end) {
                s.reset();
            }
            m = c;
        } else if (foreign instanceof ObjectMessage o) {
            TributaryObjectMessage c = new TributaryObjectMessage();
            c.setObject(o.getObject());
            m = c;
        } else {
            m = new TributaryMessage();
        }
        for (Enumeration<?> e = foreign.getPropertyNames(); e.hasMoreElements(); ) {
            String name = (String) e.nextElement();
            m.setObjectProperty(name, foreign.getObjectProperty(name));
        }
        m.setJMSCorrelationID(foreign.getJMSCorrelationID());
        m.setJMSReplyTo(foreign.getJMSReplyTo() == null ? null : Destinations.of(foreign.getJMSReplyTo()));
        m.setJMSType(foreign.getJMSType());
        return m;
    }
}
