/**
 * JMS message selectors (Jakarta Messaging 3.1, section 3.8.1). {@link io.tributary.jms.selector.Selector} is the
 * entry point: a selector string flows through the lexer and parser once into an expression tree, which each message's
 * header fields and properties (answered by a lookup function) are then evaluated against.
 */
package io.tributary.jms.selector;
