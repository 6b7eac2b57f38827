package dev.gantry.security;

/**
 * Audit fields as they may be stored and logged: cut to their column's width, control characters replaced, so a
 * crafted path cannot forge log lines nor make the insert fail.
 */
final class Sanitized {

    private Sanitized() {
    }

    static AuditEntry entry(AuditEntry e) {
        return new AuditEntry(text(e.accessKeyId(), 20), text(e.sourceAddress(), 64), text(e.protocol(), 16),
                text(e.action(), 64), text(e.cluster(), 255), text(e.target(), 512), e.status(), e.outcome(),
                text(e.requestId(), 128));
    }

    static String text(String value, int width) {
        if (value == null) {
            return null;
        }
        String cut = value.length() > width ? value.substring(0, width) : value;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
