package dev.gantry.shared;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every feature shares: the ARN namespace Gantry answers in and the API's request limits.
 *
 * @param region       the region part of every ARN (ECS clients only echo it)
 * @param accountId    the 12-digit account part of every ARN
 * @param maxBodySize  request bodies above this are refused with 413 before they are parsed
 */
@Validated
@ConfigurationProperties("gantry")
public record GantryProperties(
        @DefaultValue("local") @NotBlank String region,
        @DefaultValue("000000000000") @Pattern(regexp = "\\d{12}") String accountId,
        @DefaultValue("1MB") DataSize maxBodySize) {

    public Arns arns() {
        return new Arns(region, accountId);
    }
}
