package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.Json;
import org.junit.jupiter.api.Test;

/** The JSON camel-whatsapp posts is Jackson's rendering of these messages: check it as the Cloud API reads it. */
class WhatsAppMessagesTest {

    private final WhatsAppMessages messages = new WhatsAppMessages();

    @Test
    void sendsTextToTheNumberInE164WithoutThePlus() {
        JsonNode json = Json.MAPPER.valueToTree(messages.text("0812-3456-7890", "Halo"));

        assertEquals("whatsapp", json.get("messaging_product").asText());
        assertEquals("6281234567890", json.get("to").asText());
        assertEquals("text", json.get("type").asText());
        assertEquals("Halo", json.get("text").get("body").asText());
    }

    @Test
    void sendsAnApprovedTemplateWithOneBodyParameterPerLine() {
        JsonNode json = Json.MAPPER.valueToTree(messages.template("+62 812 1111 2222", "lead_thanks", "id", "Budi\nExpo"));

        assertEquals("template", json.get("type").asText());
        assertEquals("lead_thanks", json.get("template").get("name").asText());
        assertEquals("id", json.get("template").get("language").get("code").asText());
        JsonNode parameters = json.get("template").get("components").get(0).get("parameters");
        assertEquals("Budi", parameters.get(0).get("text").asText());
        assertEquals("Expo", parameters.get(1).get("text").asText());
    }

    @Test
    void refusesAMessageWithoutARecipient() {
        assertThrows(IllegalArgumentException.class, () -> messages.text(null, "Halo"));
    }
}
