/*
 * runstat.c - run one command and record its wall time and peak RSS, for
 * `make bench` (scripts/bench.sh).
 *
 * Forks, execs the command, waits with wait4 and writes one line to
 * STATFILE: "WALL_SECONDS MAXRSS_KIB EXIT_STATUS CPU_SECONDS" (EXIT_STATUS
 * is 128+N if the command died of signal N; CPU_SECONDS is user plus system
 * time of the command and its threads, which a machine busy with other
 * work changes less than wall time). The command's stdio is inherited.
 *
 * Why not Python's resource.getrusage(RUSAGE_CHILDREN): Linux folds the
 * peak RSS of the image a process had before execve into its ru_maxrss, so
 * a command started from python3 never reports less than the interpreter's
 * own ~14 MB. A child forked from this small program starts at ~1 MB.
 *
 * usage: runstat STATFILE COMMAND [ARG...]
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct rusage ru;
    double t0, t1;
    pid_t pid;
    int status, rc;
    FILE *fp;

    if (argc < 3) {
        fputs("usage: runstat STATFILE COMMAND [ARG...]\n", stderr);
        return 64;
    }
    t0 = now_s();
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "runstat: fork: %s\n", strerror(errno));
        return 71;
    }
    if (pid == 0) {
        execvp(argv[2], &argv[2]);
        fprintf(stderr, "runstat: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "runstat: wait4: %s\n", strerror(errno));
            return 71;
        }
    }
    t1 = now_s();
    if (WIFEXITED(status))
        rc = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        rc = 128 + WTERMSIG(status);
    else
        rc = 255;
    fp = fopen(argv[1], "w");
    if (fp == NULL) {
        fprintf(stderr, "runstat: %s: %s\n", argv[1], strerror(errno));
        return 73;
    }
    fprintf(fp, "%.3f %ld %d %.3f\n", t1 - t0, ru.ru_maxrss, rc,
            (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                (double)ru.ru_stime.tv_sec +
                (double)ru.ru_stime.tv_usec / 1e6);
    if (fclose(fp) != 0) {
        fprintf(stderr, "runstat: %s: %s\n", argv[1], strerror(errno));
        return 74;
    }
    return 0;
}
