package io.kurir.deliver;

import java.util.List;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.component.whatsapp.model.Component;
import org.apache.camel.component.whatsapp.model.Language;
import org.apache.camel.component.whatsapp.model.Parameter;
import org.apache.camel.component.whatsapp.model.TemplateMessage;
import org.apache.camel.component.whatsapp.model.TemplateMessageRequest;
import org.apache.camel.component.whatsapp.model.TextMessage;
import org.apache.camel.component.whatsapp.model.TextMessageRequest;

/**
 * Builds the WhatsApp Cloud API messages that camel-whatsapp sends, from a route: the recipient in
 * header `whatsappTo` (any phone format, normalised to E.164), the text in the body.
 */
public final class WhatsAppMessages {

    /** Free text: allowed within 24 hours of the customer's last message. */
    public TextMessageRequest text(@Header("whatsappTo") String to, @Body String text) {
        TextMessage message = new TextMessage();
        message.setBody(text);
        TextMessageRequest request = new TextMessageRequest();
        request.setTo(recipient(to));
        request.setText(message);
        return request;
    }

    /**
     * An approved template, for writing first or outside the 24-hour window: its body parameters
     * are the lines of the message body.
     */
    public TemplateMessageRequest template(@Header("whatsappTo") String to, @Header("whatsappTemplate") String name,
                                           @Header("whatsappLanguage") String language, @Body String parameters) {
        TemplateMessage template = new TemplateMessage();
        template.setName(name);
        Language lang = new Language();
        lang.setCode(language == null ? "id" : language);
        template.setLanguage(lang);
        if (parameters != null && !parameters.isBlank()) {
            Component body = new Component();
            body.setType("body");
            body.setParameters(parameters.lines().map(line -> {
                Parameter p = new Parameter();
                p.setType("text");
                p.setText(line);
                return p;
            }).toList());
            template.setComponents(List.of(body));
        }
        TemplateMessageRequest request = new TemplateMessageRequest();
        request.setTo(recipient(to));
        request.setType("template");
        request.setTemplate(template);
        return request;
    }

    private static String recipient(String to) {
        String number = Phone.whatsapp(to);
        if (number == null) {
            throw new IllegalArgumentException("no WhatsApp recipient: set header whatsappTo to a phone number");
        }
        return number;
    }
}
