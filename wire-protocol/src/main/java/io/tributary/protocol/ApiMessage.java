package io.tributary.protocol;

/** The body of a request or response of one API. */
public interface ApiMessage extends Message {

    /** The API key, as in {@code io.tributary.protocol.message.ApiKey}. */
    short apiKey();
}
