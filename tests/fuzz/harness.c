#include "harness.h"

#include "lib/err.h"
#include "read/config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static void fz_cleanup(void)
{
    DIR *d;
    struct dirent *de;
    char p[512];

    if (dir[0] == '\0')
        return;
    d = opendir(dir);
    if (d != NULL) {
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

const char *fz_dir(void)
{
    const char *t;

    if (dir[0] != '\0')
        return dir;
    /* A file is written per input: memory-backed /dev/shm when there is
     * one, so that the disk does not set the pace. */
    t = getenv("TMPDIR");
    if (t == NULL || t[0] == '\0')
        t = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/slacredit-fuzz-XXXXXX", t);
    if (mkdtemp(dir) == NULL) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(fz_cleanup);
    return dir;
}

const char *fz_write(const char *name, const uint8_t *data, size_t n)
{
    static char path[4][512];
    static unsigned slot;
    char *p = path[slot++ % 4];
    int fd;
    size_t off = 0;

    snprintf(p, 512, "%s/%s", fz_dir(), name);
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror(p);
        abort();
    }
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        if (w <= 0) {
            perror(p);
            abort();
        }
        off += (size_t)w;
    }
    close(fd);
    return p;
}

struct config *fz_config(const char *ini)
{
    struct err e;
    struct config *c;
    const char *p = fz_write("config.ini", (const uint8_t *)ini, strlen(ini));

    memset(&e, 0, sizeof e);
    c = config_load(p, &e);
    if (c == NULL) {
        err_print(&e, "fuzz harness", stderr);
        abort();
    }
    return c;
}

char *fz_str(const uint8_t *data, size_t n)
{
    char *s = malloc(n + 1);

    if (s == NULL)
        abort();
    if (n > 0)
        memcpy(s, data, n);
    s[n] = '\0';
    return s;
}
