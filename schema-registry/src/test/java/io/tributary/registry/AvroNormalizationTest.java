package io.tributary.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.registry.schema.AvroSchemaParser;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroNormalizationTest {

    private static ParsedSchema normalized(String text) throws InvalidSchemaException {
        return new AvroSchemaParser().parse(text.replace('\'', '"'), List.of(), Map.of()).normalized();
    }

    @Test
    void namesAreFullOrderIsWrittenAndAttributesAreSorted() throws InvalidSchemaException {
        String text = normalized("{'type':'record','namespace':'a.b','name':'R','fields':["
                + "{'name':'x','type':{'type':'enum','name':'E','symbols':['P','Q']},'aliases':['z','y'],'custom':1},"
                + "{'name':'y','type':['null','E'],'default':null,'order':'descending'}],'zeta':true,'alpha':'a'}")
                .canonical();
        assertThat(text).isEqualTo(("{'type':'record','name':'a.b.R','fields':["
                + "{'name':'x','type':{'type':'enum','name':'a.b.E','symbols':['P','Q']},'order':'ascending',"
                + "'aliases':['y','z'],'custom':1},"
                + "{'name':'y','type':['null','a.b.E'],'default':null,'order':'descending'}],'alpha':'a','zeta':true}")
                .replace('\'', '"'));
    }

    @Test
    void differentlyQualifiedSpellingsNormalizeAlike() throws InvalidSchemaException {
        String a = "{'type':'record','name':'com.x.User','fields':[{'name':'home','type':{'type':'record',"
                + "'name':'Address','fields':[{'name':'s','type':'string'}]}},{'name':'work','type':'Address'}]}";
        String b = "{'name':'User','namespace':'com.x','type':'record','fields':[{'name':'home','type':{'type':"
                + "'record','name':'com.x.Address','namespace':'ignored','fields':[{'name':'s','type':{'type':"
                + "'string'}}]},'order':'ascending'},{'name':'work','type':'com.x.Address'}]}";
        assertThat(normalized(a).canonical()).isEqualTo(normalized(b).canonical());
        // and the normalized text is itself a valid schema that normalizes to itself
        assertThat(normalized(normalized(a).canonical()).canonical()).isEqualTo(normalized(a).canonical());
    }

    @Test
    void logicalTypesKeepPrecisionAndDropAZeroScale() throws InvalidSchemaException {
        assertThat(normalized("{'type':'bytes','logicalType':'decimal','precision':9,'scale':0}").canonical())
                .isEqualTo("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":9}");
    }
}
