package io.tributary.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.registry.schema.AvroSchema;
import io.tributary.registry.schema.AvroSchemaParser;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaType;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The canonical text of Avro schemas, what the registry stores and compares: Avro's compact JSON, as Confluent's
 * registry keeps it.
 */
class AvroCanonicalFormTest {

    private final AvroSchemaParser parser = new AvroSchemaParser();

    /** Schemas are written with single quotes to stay readable. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private ParsedSchema parse(String singleQuoted) throws InvalidSchemaException {
        return parser.parse(json(singleQuoted), List.of(), Map.of());
    }

    @Test
    void primitiveWrittenAsObjectBecomesItsName() throws InvalidSchemaException {
        assertThat(parse("{'type':'string'}").canonical()).isEqualTo("\"string\"");
        assertThat(parse("'string'").canonical()).isEqualTo("\"string\"");
        assertThat(parse(" { 'type' : 'long' } ").canonical()).isEqualTo("\"long\"");
        assertThat(parse("{'type':'string'}")).isEqualTo(parse("'string'"));
    }

    @Test
    void whitespaceAndKeyOrderDoNotMatter() throws InvalidSchemaException {
        ParsedSchema compact = parse("{'type':'record','name':'User','namespace':'com.example',"
                + "'fields':[{'name':'a','type':'int'},{'name':'b','type':'string'}]}");
        ParsedSchema spaced = parse("""
                {
                  'fields' : [
                    { 'type' : 'int',    'name' : 'a' },
                    { 'type' : 'string', 'name' : 'b' }
                  ],
                  'namespace' : 'com.example',
                  'name' : 'User',
                  'type' : 'record'
                }
                """);

        assertThat(spaced.canonical()).isEqualTo(compact.canonical())
                .isEqualTo(json("{'type':'record','name':'User','namespace':'com.example',"
                        + "'fields':[{'name':'a','type':'int'},{'name':'b','type':'string'}]}"));
        assertThat(spaced).isEqualTo(compact).hasSameHashCodeAs(compact);
        assertThat(spaced.canonical()).doesNotContainAnyWhitespaces();
    }

    @Test
    void fieldOrderDoesMatter() throws InvalidSchemaException {
        ParsedSchema ab = parse("{'type':'record','name':'R','fields':[{'name':'a','type':'int'},"
                + "{'name':'b','type':'int'}]}");
        ParsedSchema ba = parse("{'type':'record','name':'R','fields':[{'name':'b','type':'int'},"
                + "{'name':'a','type':'int'}]}");
        assertThat(ab.canonical()).isNotEqualTo(ba.canonical());
        assertThat(ab).isNotEqualTo(ba);
    }

    @Test
    void redundantNestedNamespaceIsDropped() throws InvalidSchemaException {
        ParsedSchema schema = parse("{'type':'record','name':'Outer','namespace':'com.example','fields':["
                + "{'name':'inner','type':{'type':'record','name':'Inner','namespace':'com.example',"
                + "'fields':[{'name':'x','type':'int'}]}},"
                + "{'name':'other','type':{'type':'enum','name':'Other','namespace':'org.elsewhere',"
                + "'symbols':['A']}}]}");

        assertThat(schema.canonical()).isEqualTo(json("{'type':'record','name':'Outer','namespace':'com.example',"
                + "'fields':[{'name':'inner','type':{'type':'record','name':'Inner',"
                + "'fields':[{'name':'x','type':'int'}]}},"
                + "{'name':'other','type':{'type':'enum','name':'Other','namespace':'org.elsewhere',"
                + "'symbols':['A']}}]}"));
        // Spelling the namespace through a full name is the same schema.
        assertThat(parse("{'type':'record','name':'com.example.Outer','fields':["
                + "{'name':'inner','type':{'type':'record','name':'Inner','fields':[{'name':'x','type':'int'}]}},"
                + "{'name':'other','type':{'type':'enum','name':'org.elsewhere.Other','symbols':['A']}}]}"))
                .isEqualTo(schema);
    }

    @Test
    void docDefaultsAliasesAndCustomPropertiesAreKept() throws InvalidSchemaException {
        String canonical = parse("{'type':'record','name':'User','doc':'A user.','fields':["
                + "{'name':'age','type':'int','default':18,'doc':'In years.'},"
                + "{'name':'nick','type':['null','string'],'default':null,'aliases':['nickname']},"
                + "{'name':'tags','type':{'type':'array','items':'string'},'default':[]},"
                + "{'name':'ts','type':{'type':'long','logicalType':'timestamp-millis'}}],"
                + "'owner':'team-a'}").canonical();

        assertThat(canonical)
                .contains(json("'doc':'A user.'"))
                .contains(json("{'name':'age','type':'int','doc':'In years.','default':18}"))
                .contains(json("'default':null"))
                .contains(json("'aliases':['nickname']"))
                .contains(json("'default':[]"))
                .contains(json("{'type':'long','logicalType':'timestamp-millis'}"))
                .contains(json("'owner':'team-a'"));
    }

    @Test
    void canonicalTextParsesBackToItself() throws InvalidSchemaException {
        ParsedSchema schema = parse("{'type':'record','name':'Outer','namespace':'com.example','doc':'d','fields':["
                + "{'name':'inner','type':{'type':'record','name':'Inner','namespace':'com.example',"
                + "'fields':[{'name':'x','type':'int','default':1}]}},"
                + "{'name':'again','type':'Inner'},"
                + "{'name':'e','type':{'type':'enum','name':'E','symbols':['A','B'],'default':'A'}},"
                + "{'name':'f','type':{'type':'fixed','name':'F','size':4}},"
                + "{'name':'m','type':{'type':'map','values':['null','E']}}]}");
        ParsedSchema again = parser.parse(schema.canonical(), List.of(), Map.of());
        assertThat(again.canonical()).isEqualTo(schema.canonical());
        // A named type used a second time is named, not repeated.
        assertThat(schema.canonical()).contains(json("{'name':'again','type':'Inner'}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // bad type name
        "{'type':'strnig'}",
        "{'type':'record','name':'R','fields':[{'name':'a','type':'integer'}]}",
        // bad default
        "{'type':'record','name':'R','fields':[{'name':'a','type':'int','default':'seven'}]}",
        // (Avro 1.12 accepts a union default matching any branch, not only the first, so 'x' would pass here.)
        "{'type':'record','name':'R','fields':[{'name':'a','type':['null','string'],'default':1}]}",
        "{'type':'enum','name':'E','symbols':['A','B'],'default':'C'}",
        // malformed JSON
        "{'type':'record','name':'R','fields':[",
        "{'type':'record' 'name':'R'}",
        "",
        // unknown named type
        "{'type':'record','name':'R','fields':[{'name':'a','type':'com.example.Missing'}]}",
        "'com.example.Missing'",
        // other structural errors
        "{'type':'record','name':'R'}",
        "{'type':'record','name':'R','fields':[{'name':'a','type':'int'},{'name':'a','type':'int'}]}",
        "{'type':'fixed','name':'F'}",
        "{'type':'enum','name':'E','symbols':['A','A']}",
        "{'type':'record','name':'1R','fields':[]}",
        "['int','int']",
    })
    void invalidSchemaIsRefusedWithAMessage(String text) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageStartingWith("Invalid schema ")
                .hasMessageContaining("details: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotEndWith("details: null"));
    }

    @Test
    void invalidSchemaMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> parse("{'type':'strnig'}")).hasMessageContaining("strnig");
        assertThatThrownBy(() -> parse("{'type':'record','name':'R','fields':[{'name':'a','type':'Missing'}]}"))
                .hasMessageContaining("Missing");
        assertThatThrownBy(() -> parse("{'type':'record','name':'R','fields':[{'name':'a','type':'int',"
                + "'default':'seven'}]}"))
                .hasMessageContaining("default");
    }

    @Test
    void referencedNamedTypeResolvesAndIsNamedNotInlined() throws InvalidSchemaException {
        ParsedSchema address = parse("{'type':'record','name':'Address','namespace':'com.example',"
                + "'fields':[{'name':'street','type':'string'}]}");
        List<Reference> references = List.of(new Reference("com.example.Address", "address-value", 1));

        ParsedSchema user = parser.parse(json("{'type':'record','name':'User','namespace':'com.example','fields':["
                + "{'name':'home','type':'com.example.Address'},"
                + "{'name':'work','type':['null','Address'],'default':null}]}"), references, Map.of("com.example.Address", address));

        assertThat(user.references()).isEqualTo(references);
        assertThat(user.canonical())
                .isEqualTo(json("{'type':'record','name':'User','namespace':'com.example','fields':["
                        + "{'name':'home','type':'Address'},"
                        + "{'name':'work','type':['null','Address'],'default':null}]}"))
                .doesNotContain("street");
        Schema home = ((AvroSchema) user).schema().getField("home").schema();
        assertThat(home.getFullName()).isEqualTo("com.example.Address");
        assertThat(home.getField("street").schema().getType()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void referencedTypeInAnotherNamespaceIsNamedInFull() throws InvalidSchemaException {
        ParsedSchema money = parse("{'type':'fixed','name':'Money','namespace':'org.shared','size':8}");

        ParsedSchema order = parser.parse(json("{'type':'record','name':'Order','namespace':'com.example',"
                + "'fields':[{'name':'total','type':'org.shared.Money'}]}"),
                List.of(new Reference("org.shared.Money", "money", 3)), Map.of("org.shared.Money", money));

        assertThat(order.canonical()).isEqualTo(json("{'type':'record','name':'Order','namespace':'com.example',"
                + "'fields':[{'name':'total','type':'org.shared.Money'}]}"));
    }

    @Test
    void referencesResolveTransitively() throws InvalidSchemaException {
        ParsedSchema money = parse("{'type':'fixed','name':'Money','namespace':'org.shared','size':8}");
        ParsedSchema line = parser.parse(json("{'type':'record','name':'Line','namespace':'org.shared',"
                + "'fields':[{'name':'price','type':'Money'}]}"),
                List.of(new Reference("org.shared.Money", "money", 1)), Map.of("org.shared.Money", money));

        ParsedSchema order = parser.parse(json("{'type':'record','name':'Order','namespace':'com.example',"
                + "'fields':[{'name':'lines','type':{'type':'array','items':'org.shared.Line'}},"
                + "{'name':'total','type':'org.shared.Money'}]}"),
                List.of(new Reference("org.shared.Line", "line", 1)), Map.of("org.shared.Line", line));

        assertThat(order.canonical()).isEqualTo(json("{'type':'record','name':'Order','namespace':'com.example',"
                + "'fields':[{'name':'lines','type':{'type':'array','items':'org.shared.Line'}},"
                + "{'name':'total','type':'org.shared.Money'}]}"));
    }

    @Test
    void withoutItsReferenceTheNamedTypeIsUnknown() {
        assertThatThrownBy(() -> parse("{'type':'record','name':'User','namespace':'com.example','fields':["
                + "{'name':'home','type':'com.example.Address'}]}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("com.example.Address");
    }

    @Test
    void aNonAvroReferenceIsRefused() {
        ParsedSchema jsonSchema = new ParsedSchema() {
            @Override
            public SchemaType type() {
                return SchemaType.JSON;
            }

            @Override
            public String canonical() {
                return "{}";
            }

            @Override
            public List<Reference> references() {
                return List.of();
            }

            @Override
            public ParsedSchema normalized() {
                return this;
            }

            @Override
            public List<String> incompatibilitiesReading(ParsedSchema writer, boolean readerIsNew) {
                return List.of();
            }
        };

        assertThatThrownBy(() -> parser.parse(json("'string'"), List.of(new Reference("x", "x", 1)),
                Map.of("x", jsonSchema)))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("JSON");
    }
}
