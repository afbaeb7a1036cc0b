package io.kurir.verify;

/** Shopify: {@code X-Shopify-Hmac-Sha256} is the base64 HMAC-SHA256 of the raw body. */
final class ShopifyScheme implements SignatureScheme {

    private final HmacScheme hmac;

    ShopifyScheme(String secret) {
        hmac = new HmacScheme("X-Shopify-Hmac-Sha256", "HmacSHA256", HmacScheme.Encoding.BASE64, "", secret);
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        hmac.verify(request);
    }
}
