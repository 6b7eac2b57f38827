package dev.gantry.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the API's {@code {type, field}} strategies and {@code {type, expression}} constraints into
 * placement types, with ECS's limits. Errors are {@link PlacementInputException}s naming the field
 * (e.g. {@code placementStrategy[1].field}) or, for a bad expression, the
 * {@link ExpressionSyntaxException} from the parser.
 */
public final class PlacementInputs {
    public static final int MAX_STRATEGIES = 5;
    public static final int MAX_CONSTRAINTS = 10;

    private PlacementInputs() {
    }

    public static PlacementStrategy strategy(int position, String type, String field) {
        String where = "placementStrategy[" + position + "]";
        String kind = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "random" -> {
                if (field != null && !field.isEmpty()) {
                    throw new PlacementInputException(where + ".field", "The random strategy takes no field.");
                }
                yield new PlacementStrategy.Random();
            }
            case "spread" -> new PlacementStrategy.Spread(spreadField(where, field));
            case "binpack" -> new PlacementStrategy.BinPack(binpackField(where, field));
            default -> throw new PlacementInputException(where + ".type",
                    "Invalid placement strategy type '" + type + "'; expected random, spread or binpack.");
        };
    }

    private static String spreadField(String where, String field) {
        if (field == null) {
            throw new PlacementInputException(where + ".field", "The spread strategy needs a field.");
        }
        if (field.equalsIgnoreCase(PlacementStrategy.Spread.INSTANCE_ID) || field.equalsIgnoreCase(PlacementStrategy.Spread.HOST)) {
            return PlacementStrategy.Spread.INSTANCE_ID;
        }
        String prefix = PlacementStrategy.Spread.ATTRIBUTE_PREFIX;
        if (field.regionMatches(true, 0, prefix, 0, prefix.length()) && field.length() > prefix.length()) {
            return prefix + field.substring(prefix.length());
        }
        throw new PlacementInputException(where + ".field",
                "Invalid spread field '" + field + "'; expected instanceId, host or attribute:NAME.");
    }

    private static PlacementStrategy.Resource binpackField(String where, String field) {
        if ("cpu".equalsIgnoreCase(field)) {
            return PlacementStrategy.Resource.CPU;
        }
        if ("memory".equalsIgnoreCase(field)) {
            return PlacementStrategy.Resource.MEMORY;
        }
        throw new PlacementInputException(where + ".field", "Invalid binpack field '" + field + "'; expected cpu or memory.");
    }

    /**
     * @param inTaskDefinition true for RegisterTaskDefinition, where ECS rejects distinctInstance
     */
    public static PlacementConstraint constraint(int position, String type, String expression, boolean inTaskDefinition) {
        String where = "placementConstraints[" + position + "]";
        String kind = type == null ? "" : type;
        switch (kind) {
            case "distinctInstance" -> {
                if (inTaskDefinition) {
                    throw new PlacementInputException(where + ".type", "distinctInstance is not allowed in a task definition.");
                }
                if (expression != null && !expression.isEmpty()) {
                    throw new PlacementInputException(where + ".expression", "distinctInstance takes no expression.");
                }
                return new PlacementConstraint.DistinctInstance();
            }
            case "memberOf" -> {
                return new PlacementConstraint.MemberOf(ConstraintExpression.parse(expression(where, expression)));
            }
            case "maxPerInstance" -> {
                return maxPerInstance(where, expression(where, expression));
            }
            default -> throw new PlacementInputException(where + ".type",
                    "Invalid placement constraint type '" + type + "'; expected distinctInstance, memberOf or maxPerInstance.");
        }
    }

    private static String expression(String where, String expression) {
        if (expression == null || expression.isBlank()) {
            throw new PlacementInputException(where + ".expression", "This constraint needs an expression.");
        }
        if (expression.length() > ConstraintExpression.MAX_LENGTH) {
            throw new PlacementInputException(where + ".expression",
                    "The expression is longer than " + ConstraintExpression.MAX_LENGTH + " characters.");
        }
        return expression;
    }

    private static PlacementConstraint maxPerInstance(String where, String expression) {
        try {
            int max = Integer.parseInt(expression.trim());
            if (max >= 1) {
                return new PlacementConstraint.MaxPerInstance(max);
            }
        } catch (NumberFormatException e) {
            // reported below with the field name
        }
        throw new PlacementInputException(where + ".expression", "maxPerInstance needs a positive whole number.");
    }

    /** Task-definition constraints first, then the request's; ECS allows ten in all. */
    public static List<PlacementConstraint> combine(List<PlacementConstraint> fromTaskDefinition, List<PlacementConstraint> fromRequest) {
        List<PlacementConstraint> all = new ArrayList<>(fromTaskDefinition);
        all.addAll(fromRequest);
        if (all.size() > MAX_CONSTRAINTS) {
            throw new PlacementInputException("placementConstraints",
                    "At most " + MAX_CONSTRAINTS + " placement constraints are allowed, task definition and request combined.");
        }
        return List.copyOf(all);
    }

    /** The limits every request must respect, checked again by the engine itself. */
    public static void validate(PlacementRequest request) {
        if (request.strategies().size() > MAX_STRATEGIES) {
            throw new PlacementInputException("placementStrategy", "At most " + MAX_STRATEGIES + " placement strategies are allowed.");
        }
        if (request.constraints().size() > MAX_CONSTRAINTS) {
            throw new PlacementInputException("placementConstraints", "At most " + MAX_CONSTRAINTS + " placement constraints are allowed.");
        }
    }
}
