package dev.gantry.reconcile;

import dev.gantry.docker.ImageInventory;
import dev.gantry.task.TaskHostUse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which image tags one cleanup cycle removes from a host, as the ECS agent's image cleanup decides
 * (ECS_IMAGE_CLEANUP_INTERVAL, ECS_IMAGE_MINIMUM_CLEANUP_AGE, ECS_NUM_IMAGES_DELETE_PER_CYCLE,
 * ECS_EXCLUDE_UNTRACKED_IMAGE): only images Gantry's tasks used on this host (an image someone else put there
 * is not Gantry's to remove), none that a task not yet STOPPED names (it may be about to create its container),
 * none used more recently than the minimum age, none excluded; at most {@code limit} per cycle. An image that
 * any container on the host uses is never removed: at most its other tags are (it keeps one). Pure.
 */
final class ImageCleanupPolicy {

    private ImageCleanupPolicy() {
    }

    static List<String> select(ImageInventory inventory, List<TaskHostUse.ImageUse> uses, Set<String> excluded,
            int limit) {
        Set<String> live = new HashSet<>();
        Set<String> old = new HashSet<>();
        for (TaskHostUse.ImageUse use : uses) {
            String ref = normalize(use.image());
            if (use.live() || !use.unusedLongEnough()) {
                live.add(ref);
            } else {
                old.add(ref);
            }
        }
        old.removeAll(live);
        Set<String> never = new HashSet<>();
        excluded.forEach(e -> never.add(normalize(e)));
        List<String> chosen = new ArrayList<>();
        for (ImageInventory.Image image : inventory.images()) {
            boolean inUse = inventory.idsInUse().contains(image.id());
            // An image a container uses keeps at least one tag: removing the others only untags it, and the
            // image and its containers stay as they are. Its digest references stay too.
            int removableTags = inUse ? image.tags().size() - 1 : image.tags().size();
            List<String> references = new ArrayList<>(image.tags());
            if (!inUse) {
                references.addAll(image.digests());
            }
            int tagsChosen = 0;
            for (String reference : references) {
                boolean tag = image.tags().contains(reference);
                String ref = normalize(reference);
                if (chosen.size() < limit && old.contains(ref) && !never.contains(ref) && !live.contains(ref)
                        && (!tag || tagsChosen < removableTags)) {
                    chosen.add(reference);
                    tagsChosen += tag ? 1 : 0;
                }
            }
        }
        return chosen;
    }

    /** {@code busybox} and {@code docker.io/library/busybox:latest} name the same image. */
    static String normalize(String reference) {
        String ref = reference.trim();
        if (ref.startsWith("docker.io/library/")) {
            ref = ref.substring("docker.io/library/".length());
        } else if (ref.startsWith("docker.io/")) {
            ref = ref.substring("docker.io/".length());
        }
        int slash = ref.lastIndexOf('/');
        String last = ref.substring(slash + 1);
        if (!last.contains(":") && !last.contains("@")) {
            ref = ref + ":latest";
        }
        return ref;
    }
}
