package dev.gantry.cluster;

import dev.gantry.api.ApiException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.Set;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * ECS's tag rules, in one place for every module that tags its resources (clusters, task definitions, services,
 * tasks, container instances): at most 50 tags, a key 1–128 characters not starting with {@code aws:} (reserved),
 * a value at most 256 and optional (as in ECS: a tag may be a bare key), and keys unique (tagging an existing key replaces its value, as TagResource does). The
 * refusals name the member, {@code tags[3].key}, as ECS names it.
 */
public final class Tags {

    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY = 128;
    public static final int MAX_VALUE = 256;

    private Tags() {
    }

    /** {@code tags} checked (null is none): at most 50, each key and value within ECS's limits. */
    public static List<Tag> validated(List<Tag> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.invalidParameter("tags", "can have at most " + MAX_TAGS + " tags (got " + tags.size() + ")");
        }
        for (int i = 0; i < tags.size(); i++) {
            Tag tag = tags.get(i);
            if (tag == null) {
                throw ApiException.invalidParameter("tags[" + i + "]", "must be a tag with a key");
            }
            checkKey("tags[" + i + "].key", tag.key());
            if (tag.value() != null && tag.value().length() > MAX_VALUE) {
                throw ApiException.invalidParameter("tags[" + i + "].value", "must be 0-" + MAX_VALUE + " characters");
            }
        }
        return List.copyOf(tags);
    }

    /** Tag keys to remove, checked as keys are (UntagResource's {@code tagKeys}). */
    public static List<String> validatedKeys(List<String> keys) {
        if (keys == null) {
            return List.of();
        }
        if (keys.size() > MAX_TAGS) {
            throw ApiException.invalidParameter("tagKeys", "can have at most " + MAX_TAGS + " keys (got " + keys.size() + ")");
        }
        for (int i = 0; i < keys.size(); i++) {
            checkKey("tagKeys[" + i + "]", keys.get(i));
        }
        return List.copyOf(keys);
    }

    private static void checkKey(String member, String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
            throw ApiException.invalidParameter(member, "must be 1-" + MAX_KEY + " characters");
        }
        if (key.startsWith("aws:")) {
            throw ApiException.invalidParameter(member, "must not start with the reserved prefix aws:");
        }
    }

    /**
     * {@code current} with {@code added} applied: a key already there takes the new value in its place, new keys
     * come after, in the order given. More than 50 tags in the result is refused, and nothing changes.
     */
    public static List<Tag> merged(List<Tag> current, List<Tag> added) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (Tag tag : current) {
            byKey.put(tag.key(), tag.value());
        }
        for (Tag tag : validated(added)) {
            byKey.put(tag.key(), tag.value());
        }
        if (byKey.size() > MAX_TAGS) {
            throw ApiException.invalidParameter("tags", "a resource can have at most " + MAX_TAGS
                    + " tags; it would have " + byKey.size());
        }
        List<Tag> result = new ArrayList<>();
        byKey.forEach((key, value) -> result.add(new Tag(key, value)));
        return result;
    }

    /** {@code current} without the tags of {@code keys} (keys it does not have are ignored, as ECS ignores them). */
    public static List<Tag> without(List<Tag> current, Collection<String> keys) {
        Set<String> removed = Set.copyOf(keys);
        return current.stream().filter(t -> !removed.contains(t.key())).toList();
    }

    /**
     * Where a module keeps the tags of one kind of resource, in its own table: read (locked when about to be
     * changed) and written. TagResource, UntagResource and ListTagsForResource are the same three steps over any of
     * them ({@link #tag}, {@link #untag}, {@link #list}); only the store differs.
     *
     * @param <I> the resource's id
     */
    public interface Store<I> {

        /** The resource's tags, empty when there is no such resource; {@code forUpdate} locks its row. */
        Optional<List<Tag>> tags(I id, boolean forUpdate);

        void setTags(I id, List<Tag> tags);

        static <I> Store<I> of(BiFunction<I, Boolean, Optional<List<Tag>>> read, BiConsumer<I, List<Tag>> write) {
            return new Store<>() {
                @Override
                public Optional<List<Tag>> tags(I id, boolean forUpdate) {
                    return read.apply(id, forUpdate);
                }

                @Override
                public void setTags(I id, List<Tag> tags) {
                    write.accept(id, tags);
                }
            };
        }
    }

    /** ListTagsForResource: the resource's tags; ResourceNotFoundException when there is no such resource. */
    public static <I> List<Tag> list(Store<I> store, I id) {
        return store.tags(id, false).orElseThrow(ApiException::resourceNotFound);
    }

    /** TagResource: adds tags, replacing the values of keys the resource has (at most 50 in all); the tags after. */
    public static <I> List<Tag> tag(Store<I> store, I id, List<Tag> added) {
        List<Tag> tags = merged(store.tags(id, true).orElseThrow(ApiException::resourceNotFound), added);
        store.setTags(id, tags);
        return tags;
    }

    /** UntagResource: removes the tags of these keys (keys it does not have are ignored); the tags after. */
    public static <I> List<Tag> untag(Store<I> store, I id, List<String> keys) {
        List<Tag> tags = without(store.tags(id, true).orElseThrow(ApiException::resourceNotFound),
                validatedKeys(keys));
        store.setTags(id, tags);
        return tags;
    }

    /** The stored form: a JSON array of {@code {"key", "value"}}, as every module's {@code tags} column holds it. */
    public static String toJson(JsonMapper json, List<Tag> tags) {
        return json.writeValueAsString(tags == null ? List.of() : tags);
    }

    /** The stored form read back; null (a row without tags) is none. */
    public static List<Tag> fromJson(JsonMapper json, String stored) {
        return stored == null ? List.of() : json.readValue(stored, new TypeReference<List<Tag>>() { });
    }
}
