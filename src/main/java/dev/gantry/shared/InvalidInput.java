package dev.gantry.shared;

/**
 * The shared error contract for refused input: an exception of any module that implements this is answered by the
 * web layer as a 400 {@code InvalidParameterException} naming {@link #field()}, with the exception's message. The
 * module that defines a refusal decides that it is the caller's fault; the web layer needs no list of them. Plain
 * JDK, so the pure {@code placement} module can implement it too.
 */
public interface InvalidInput {

    /** The request field at fault, as the caller named it. */
    String field();

    /** What is wrong with it. */
    String getMessage();
}
