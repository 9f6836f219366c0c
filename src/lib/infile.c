/* infile: opens inputs, regular files only (see infile.h). The file is opened
 * non-blocking so that opening a FIFO never waits for a writer; the flag is
 * cleared again once fstat() has shown a regular file. */
#include "lib/infile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a file";
}

FILE *infile_open(const char *path, struct err *e)
{
    struct stat sb;
    FILE *fp;
    int fd, fl;

    if (path[0] == '\0') {
        err_set(e, RC_NOINPUT, NULL, 0, "cannot open: empty file name");
        return NULL;
    }
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        err_set(e, RC_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (fstat(fd, &sb) != 0) {
        err_set(e, RC_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        err_set(e, RC_NOINPUT, path, 0, "not a regular file: %s",
                kind(sb.st_mode));
        close(fd);
        return NULL;
    }
    fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0 ||
        (fp = fdopen(fd, "rb")) == NULL) {
        err_set(e, RC_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    return fp;
}
