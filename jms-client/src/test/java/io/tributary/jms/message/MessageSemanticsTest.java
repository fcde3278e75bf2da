package io.tributary.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JMS message semantics that need no broker: conversions, body modes, getBody, ObjectMessage's trusted classes. */
class MessageSemanticsTest {

    @Test
    void propertiesConvertAsTheSpecificationsTableSays() throws Exception {
        TributaryMessage m = new TributaryMessage();
        m.setByteProperty("b", (byte) 7);
        m.setFloatProperty("f", 1.5f);
        m.setStringProperty("s", "12");
        m.setBooleanProperty("z", true);
        assertThat(m.getLongProperty("b")).isEqualTo(7L);
        assertThat(m.getStringProperty("b")).isEqualTo("7");
        assertThat(m.getDoubleProperty("f")).isEqualTo(1.5);
        assertThat(m.getIntProperty("s")).isEqualTo(12);
        assertThat(m.getStringProperty("z")).isEqualTo("true");
        assertThatThrownBy(() -> m.getIntProperty("f")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.getBooleanProperty("b")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.getByteProperty("f")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.getIntProperty("missing")).isInstanceOf(NumberFormatException.class);
        assertThat(m.getBooleanProperty("missing")).isFalse();
        assertThat(m.getStringProperty("missing")).isNull();
    }

    @Test
    void aPropertyNameMustBeAnIdentifierAndNotAReservedWord() {
        TributaryMessage m = new TributaryMessage();
        assertThatThrownBy(() -> m.setStringProperty("a-b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setStringProperty("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setStringProperty("AND", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setObjectProperty("o", new ArrayList<>()))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void aReceivedMessagesPropertiesAndBodyAreReadOnlyUntilCleared() throws Exception {
        TributaryTextMessage m = new TributaryTextMessage();
        m.setText("t");
        m.setStringProperty("p", "v");
        m.markReceived(() -> { });
        assertThatThrownBy(() -> m.setStringProperty("q", "v")).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setText("u")).isInstanceOf(MessageNotWriteableException.class);
        m.clearProperties();
        m.setStringProperty("q", "v");
        assertThat(m.propertyExists("p")).isFalse();
        m.clearBody();
        assertThat(m.getText()).isNull();
        m.setText("u");
        assertThat(m.getText()).isEqualTo("u");
    }

    @Test
    void aBytesMessageIsWriteOnlyUntilResetAndThenReadsToItsEnd() throws Exception {
        TributaryBytesMessage m = new TributaryBytesMessage();
        m.writeInt(5);
        m.writeUTF("x");
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
        assertThatThrownBy(m::getBodyLength).isInstanceOf(MessageNotReadableException.class);
        m.reset();
        assertThat(m.getBodyLength()).isEqualTo(7);
        assertThatThrownBy(() -> m.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
        assertThat(m.readInt()).isEqualTo(5);
        assertThat(m.readUTF()).isEqualTo("x");
        assertThatThrownBy(m::readByte).isInstanceOf(MessageEOFException.class);
        assertThat(m.readBytes(new byte[4])).isEqualTo(-1);
    }

    @Test
    void aStreamMessageReadThatFailsToConvertLeavesThePositionWhereItWas() throws Exception {
        TributaryStreamMessage m = new TributaryStreamMessage();
        m.writeString("abc");
        m.writeInt(3);
        m.reset();
        assertThatThrownBy(m::readInt).isInstanceOf(NumberFormatException.class);
        assertThat(m.readString()).isEqualTo("abc");
        assertThatThrownBy(m::readBoolean).isInstanceOf(MessageFormatException.class);
        assertThat(m.readLong()).isEqualTo(3L);
        assertThatThrownBy(m::readObject).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void aStreamMessagesByteArrayIsReadInPiecesThenEndsWithMinusOne() throws Exception {
        TributaryStreamMessage m = new TributaryStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5});
        m.writeBoolean(true);
        m.reset();
        byte[] buf = new byte[2];
        assertThat(m.readBytes(buf)).isEqualTo(2);
        assertThat(buf).containsExactly(1, 2);
        assertThat(m.readBytes(buf)).isEqualTo(2);
        assertThat(m.readBytes(buf)).isEqualTo(1);
        assertThat(buf[0]).isEqualTo((byte) 5);
        assertThat(m.readBoolean()).isTrue();
    }

    @Test
    void aStreamMessagesByteArrayReadToItsEndAnswersMinusOneThenTheNextFieldFollows() throws Exception {
        TributaryStreamMessage m = new TributaryStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3});
        m.writeBytes(new byte[] {4, 5});
        m.writeBytes(new byte[0]);
        m.writeBoolean(true);
        m.reset();
        byte[] buf = new byte[10];
        assertThat(m.readBytes(buf)).isEqualTo(3);
        assertThat(m.readBytes(buf)).isEqualTo(-1);
        byte[] exact = new byte[2];
        assertThat(m.readBytes(exact)).isEqualTo(2);
        assertThat(exact).containsExactly(4, 5);
        assertThat(m.readBytes(exact)).isEqualTo(-1);
        assertThat(m.readBytes(buf)).isEqualTo(0);
        assertThat(m.readBytes(buf)).isEqualTo(-1);
        assertThat(m.readBoolean()).isTrue();
    }

    @Test
    void aStreamMessagesByteArrayReadOnlyInPartBlocksTheNextField() throws Exception {
        TributaryStreamMessage m = new TributaryStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3});
        m.writeBoolean(true);
        m.reset();
        assertThat(m.readBytes(new byte[2])).isEqualTo(2);
        assertThatThrownBy(m::readBoolean).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void getBodyAnswersTheBodyOrRefusesAnUnassignableClass() throws Exception {
        TributaryTextMessage t = new TributaryTextMessage();
        t.setText("x");
        assertThat(t.getBody(String.class)).isEqualTo("x");
        assertThat(t.isBodyAssignableTo(Integer.class)).isFalse();
        assertThatThrownBy(() -> t.getBody(Integer.class)).isInstanceOf(MessageFormatException.class);
        TributaryMapMessage map = new TributaryMapMessage();
        map.setInt("i", 1);
        assertThat(map.getBody(Map.class)).containsEntry("i", 1);
        assertThat(new TributaryMessage().getBody(String.class)).isNull();
        TributaryStreamMessage stream = new TributaryStreamMessage();
        assertThat(stream.isBodyAssignableTo(Object.class)).isFalse();
        assertThatThrownBy(() -> stream.getBody(Object.class)).isInstanceOf(MessageFormatException.class);
    }

    /** A class outside the trusted packages. */
    static final class Untrusted implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void anObjectMessageDeserializesOnlyTrustedClasses() throws Exception {
        TributaryObjectMessage m = new TributaryObjectMessage();
        m.setObject(new Untrusted());
        TributaryObjectMessage received = new TributaryObjectMessage();
        received.decodeBody(m.encodeBody());
        assertThatThrownBy(received::getObject).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining(Untrusted.class.getName());
        received.trust(new TrustedClasses(java.util.List.of("io.tributary.jms")));
        assertThat(received.getObject()).isInstanceOf(Untrusted.class);
        TributaryObjectMessage list = new TributaryObjectMessage();
        list.setObject(new ArrayList<>(java.util.List.of(1, "two")));
        TributaryObjectMessage back = new TributaryObjectMessage();
        back.decodeBody(list.encodeBody());
        assertThat(back.getObject()).isEqualTo(java.util.List.of(1, "two"));
    }
}
