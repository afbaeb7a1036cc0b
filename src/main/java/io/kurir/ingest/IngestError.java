package io.kurir.ingest;

/** A webhook refused with an HTTP status, a stable error code and a message for the sender. */
public class IngestError extends Exception {

    private final int status;
    private final String code;

    public IngestError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
