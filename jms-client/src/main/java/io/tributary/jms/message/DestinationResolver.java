package io.tributary.jms.message;

import jakarta.jms.Destination;

/** Turns the destination names a record carries ({@code jms.reply-to}) back into Destination objects. */
public interface DestinationResolver {

    Destination queue(String name);

    Destination topic(String name);
}
