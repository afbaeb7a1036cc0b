package io.kurir.verify;

/** Header look-ups shared by the schemes. */
public final class Headers {

    private Headers() {
    }

    public static String required(SignedRequest request, String name) throws VerificationFailed {
        String value = request.header(name);
        if (value == null) {
            throw VerificationFailed.invalid("missing header " + name);
        }
        return value;
    }
}
