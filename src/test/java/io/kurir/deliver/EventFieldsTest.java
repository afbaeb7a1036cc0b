package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventFieldsTest {

    @Test
    void readsTheFieldsOfAnUrlencodedForm() throws Exception {
        Map<String, Object> fields = EventFields.parse("name=Budi+Santoso&email=budi%40example.com&tag=a&tag=b".getBytes(),
                "application/x-www-form-urlencoded; charset=UTF-8");

        assertEquals("Budi Santoso", fields.get("name"));
        assertEquals("budi@example.com", fields.get("email"));
        assertEquals(List.of("a", "b"), fields.get("tag"));
    }

    @Test
    void readsTheTextPartsOfAMultipartForm() throws Exception {
        String body = "--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nSari Dewi\r\n"
                + "--XX\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n"
                + "--XX--\r\n";
        Map<String, Object> fields = EventFields.parse(body.getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=XX");

        assertEquals("Sari Dewi", fields.get("name"));
        assertEquals("cv.pdf", fields.get("cv"));
    }

    @Test
    void readsAJsonObjectWithItsNestedFields() throws Exception {
        Map<String, Object> fields = EventFields.parse("{\"parcel\":{\"email\":\"a@b.c\"},\"n\":1}".getBytes(), "application/json");

        assertEquals("a@b.c", ((Map<?, ?>) fields.get("parcel")).get("email"));
        assertEquals(1, fields.get("n"));
    }

    @Test
    void refusesABodyWithoutFields() {
        assertThrows(IllegalArgumentException.class, () -> EventFields.parse("<a/>".getBytes(), "application/xml"));
    }
}
