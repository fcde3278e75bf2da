package io.tributary.connect.converters;

import org.apache.kafka.common.utils.AppInfoParser;

/** The version the built-in converters report: the Connect API's, as Apache's worker reports for its own. */
final class ConverterVersion {

    static final String VALUE = AppInfoParser.getVersion();

    private ConverterVersion() {
    }
}
