package io.tributary.jms;

import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TransactionAbortedException;

/**
 * Kafka's exceptions as the JMS exceptions an application expects: authentication and authorization failures are
 * {@link JMSSecurityException}, unknown or invalid topics {@link InvalidDestinationException}, a record too large or
 * a buffer exhausted {@link ResourceAllocationException}, a fenced or aborted transaction
 * {@link TransactionRolledBackException}; anything else a {@link JMSException}. The Kafka exception is always the
 * linked exception and the cause. And JMSExceptions as their JMSRuntimeException twins, for JMSContext.
 */
final class JmsErrors {

    private JmsErrors() {
    }

    static JMSException map(String what, Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof JMSException j) {
            return j;
        }
        String message = what + ": " + e;
        JMSException j;
        if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
            j = new JMSSecurityException(message);
        } else if (e instanceof UnknownTopicOrPartitionException || e instanceof InvalidTopicException) {
            j = new InvalidDestinationException(message);
        } else if (e instanceof RecordTooLargeException
                || e instanceof org.apache.kafka.clients.producer.BufferExhaustedException) {
            j = new ResourceAllocationException(message);
        } else if (e instanceof ProducerFencedException || e instanceof TransactionAbortedException
                || e instanceof InvalidTxnStateException) {
            j = new TransactionRolledBackException(message);
        } else if (e instanceof java.lang.IllegalStateException) {
            j = new IllegalStateException(message);
        } else {
            j = new JMSException(message);
        }
        j.setLinkedException(e instanceof Exception x ? x : new Exception(e));
        j.initCause(e);
        return j;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof ExecutionException || e instanceof java.util.concurrent.CompletionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** The JMSRuntimeException twin of a JMSException (JMSContext's methods throw these). */
    static JMSRuntimeException runtime(JMSException e) {
        JMSRuntimeException r;
        String m = e.getMessage();
        String code = e.getErrorCode();
        if (e instanceof IllegalStateException) {
            r = new IllegalStateRuntimeException(m, code, e);
        } else if (e instanceof InvalidDestinationException) {
            r = new InvalidDestinationRuntimeException(m, code, e);
        } else if (e instanceof InvalidSelectorException) {
            r = new InvalidSelectorRuntimeException(m, code, e);
        } else if (e instanceof JMSSecurityException) {
            r = new JMSSecurityRuntimeException(m, code, e);
        } else if (e instanceof MessageFormatException) {
            r = new MessageFormatRuntimeException(m, code, e);
        } else if (e instanceof MessageNotWriteableException) {
            r = new MessageNotWriteableRuntimeException(m, code, e);
        } else if (e instanceof ResourceAllocationException) {
            r = new ResourceAllocationRuntimeException(m, code, e);
        } else if (e instanceof TransactionRolledBackException) {
            r = new TransactionRolledBackRuntimeException(m, code, e);
        } else if (e instanceof InvalidClientIDException) {
            r = new InvalidClientIDRuntimeException(m, code, e);
        } else {
            r = new JMSRuntimeException(m, code, e);
        }
        return r;
    }
}
