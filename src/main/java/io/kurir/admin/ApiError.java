package io.kurir.admin;

/** An admin API request refused with a status, a stable code and a message that says what is wrong. */
final class ApiError extends Exception {

    final int status;
    final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError badFilter(String message) {
        return new ApiError(400, "bad_filter", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }
}
