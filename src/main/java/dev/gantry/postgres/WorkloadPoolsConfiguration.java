package dev.gantry.postgres;

import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;

/** The connection pools of {@link WorkloadDataSource}; every {@code @Scheduled} job counts as host work. */
@Configuration(proxyBeanMethods = false)
class WorkloadPoolsConfiguration {

    private static final TaskDecorator BACKGROUND = task -> () -> BackgroundWork.run(BackgroundWork.Workload.HOSTS, task);

    @Bean
    static WorkloadDataSource.Wrapper workloadDataSourceWrapper(Environment environment) {
        return new WorkloadDataSource.Wrapper(environment);
    }

    @Bean
    SimpleAsyncTaskSchedulerCustomizer backgroundScheduledJobs() {
        return scheduler -> scheduler.setTaskDecorator(BACKGROUND);
    }

    @Bean
    ThreadPoolTaskSchedulerCustomizer backgroundScheduledJobsOnPlatformThreads() {
        return scheduler -> scheduler.setTaskDecorator(BACKGROUND);
    }
}
