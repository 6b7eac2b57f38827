package dev.gantry.docker;

import java.util.List;
import java.util.Set;

/** The images of one engine ({@code repo:tag} references and digests) and the ids containers use. */
public record ImageInventory(List<Image> images, Set<String> idsInUse) {

    public record Image(String id, List<String> tags, List<String> digests) {
    }
}
