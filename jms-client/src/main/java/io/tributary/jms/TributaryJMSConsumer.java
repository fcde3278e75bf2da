package io.tributary.jms;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageListener;


/** The simplified API's consumer over a {@link TributaryMessageConsumer}. */
final class TributaryJMSConsumer implements JMSConsumer {

    private final TributaryMessageConsumer consumer;

    TributaryJMSConsumer(TributaryMessageConsumer consumer) {
        this.consumer = consumer;
    }

    private interface Call<T> {
        T call() throws JMSException;
    }

    private static <T> T run(Call<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw JmsErrors.runtime(e);
        }
    }

    @Override
    public String getMessageSelector() {
        return run(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        return run(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        run(() -> {
            consumer.setMessageListener(listener);
            return null;
        });
    }

    @Override
    public Message receive() {
        return run(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return run(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return run(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        run(() -> {
            consumer.close();
            return null;
        });
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return body(receive(), c);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return body(receive(timeout), c);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return body(receiveNoWait(), c);
    }

    /**
     * The body of a received message. In AUTO/DUPS_OK mode a message whose body is not assignable was already
     * acknowledged by the receive; the JMS 3.1 rule is that it is then redelivered, which this provider does not
     * do: the exception reports it.
     */
    private static <T> T body(Message m, Class<T> c) {
        if (m == null) {
            return null;
        }
        try {
            return m.getBody(c);
        } catch (MessageFormatException e) {
            throw new MessageFormatRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } catch (JMSException e) {
            throw JmsErrors.runtime(e);
        }
    }

}
