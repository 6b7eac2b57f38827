package dev.gantry.security;

import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import dev.gantry.api.StandardErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/access-keys")
@Tag(name = "Access keys", description = "CreateAccessKey, ListAccessKeys, DescribeAccessKey, DeleteAccessKey (ADMIN)")
@StandardErrors
class AccessKeyController {

    private final AccessKeys keys;

    AccessKeyController(AccessKeys keys) {
        this.keys = keys;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.OK)
    @Operation(summary = "CreateAccessKey", description = "Issues a key with a role, optionally limited to clusters "
            + "and expiring. The response carries `secretAccessKey`, the only time Gantry shows it.")
    CreatedAccessKey createAccessKey(@Valid @RequestBody CreateAccessKeyRequest request) {
        return keys.create(request, Callers.current().map(Caller::accessKeyId).orElse("anonymous"));
    }

    @GetMapping
    @Operation(summary = "ListAccessKeys", description = "Every key (also revoked and expired ones) by id, "
            + "paginated; never a secret.")
    Page<AccessKeyView> listAccessKeys(
            @Parameter(description = "1–100, default 100") @RequestParam(required = false) Integer maxResults,
            @Parameter(description = "from the previous page") @RequestParam(required = false) String nextToken) {
        return keys.list(Keyset.of(maxResults, nextToken));
    }

    @GetMapping("/{accessKeyId}")
    @Operation(summary = "DescribeAccessKey", description = "One key by id; never its secret.")
    AccessKeyView describeAccessKey(@PathVariable String accessKeyId) {
        return keys.get(accessKeyId);
    }

    @DeleteMapping("/{accessKeyId}")
    @Operation(summary = "DeleteAccessKey", description = "Revokes the key: from the next request on, on every "
            + "replica, it no longer authenticates. The key stays listed as REVOKED (the audit log names it).")
    AccessKeyView deleteAccessKey(@PathVariable String accessKeyId) {
        return keys.revoke(accessKeyId);
    }
}
