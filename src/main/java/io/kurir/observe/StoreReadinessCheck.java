package io.kurir.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness `kurir/store` (`/observe/health/ready`): DOWN while the store does not commit events, so a
 * load balancer sends webhooks to an instance that can store them. Not a liveness check: restarting the
 * process would not bring the store back.
 */
public final class StoreReadinessCheck extends AbstractHealthCheck {

    private final StoreCommits commits;

    public StoreReadinessCheck(StoreCommits commits) {
        super("kurir", "store");
        this.commits = commits;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        commits.notReady().ifPresentOrElse(why -> builder.down().message(why), builder::up);
    }
}
