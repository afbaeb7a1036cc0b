package io.kurir.deliver;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Body;

/**
 * Fits a rendered HTML message into Telegram's 4096-character limit without breaking its markup:
 * a cut never ends inside a tag or an entity, and tags left open are closed.
 */
public final class TelegramText {

    static final int LIMIT = 4096;
    private static final String ELLIPSIS = "…";
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z-]+)[^>]*>");

    public String fit(@Body String html) {
        if (html == null || html.length() <= LIMIT) {
            return html;
        }
        // room for the ellipsis and for closing tags (<b>, <i>, <a>, <code>, <pre>… nest only a few deep)
        String cut = html.substring(0, LIMIT - 64);
        cut = cut.replaceAll("<[^>]*$", "").replaceAll("&[#a-zA-Z0-9]*$", "");
        Deque<String> open = new ArrayDeque<>();
        Matcher tag = TAG.matcher(cut);
        while (tag.find()) {
            if (tag.group(1).isEmpty()) {
                open.push(tag.group(2));
            } else if (!open.isEmpty()) {
                open.pop();
            }
        }
        StringBuilder fitted = new StringBuilder(cut).append(ELLIPSIS);
        while (!open.isEmpty()) {
            fitted.append("</").append(open.pop()).append('>');
        }
        return fitted.toString();
    }
}
