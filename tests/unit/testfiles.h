/* testfiles: scratch files for the unit tests of modules that read files.
 * A test makes a fresh folder with tf_init(), writes its inputs there byte
 * for byte with tf_write()/tf_writen(), and removes the folder and all it
 * holds with tf_cleanup(). Paths are absolute (under $TMPDIR or /tmp). */
#ifndef SLACREDIT_TESTFILES_H
#define SLACREDIT_TESTFILES_H

#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tf {
    char dir[256]; /* the scratch folder; "" when it could not be made */
};

/* Makes a fresh, empty scratch folder. */
static inline void tf_init(struct tf *t)
{
    const char *base = getenv("TMPDIR");

    if (base == NULL || base[0] == '\0')
        base = "/tmp";
    snprintf(t->dir, sizeof t->dir, "%s/slacredit-test-XXXXXX", base);
    if (mkdtemp(t->dir) == NULL) {
        t->dir[0] = '\0';
        CU_FAIL_FATAL("cannot make a scratch folder");
    }
}

/* Writes the path of name (relative to the scratch folder) into out. */
static inline const char *tf_path(const struct tf *t, const char *name,
                                  char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", t->dir, name);
    return out;
}

/* Makes the folder name inside the scratch folder. */
static inline void tf_mkdir(const struct tf *t, const char *name)
{
    char p[512];

    CU_ASSERT_EQUAL_FATAL(mkdir(tf_path(t, name, p, sizeof p), 0700), 0);
}

/* Writes n bytes to the file name; its path goes to out (cap bytes) when
 * out is not NULL. */
static inline const char *tf_writen(const struct tf *t, const char *name,
                                    const void *data, size_t n, char *out,
                                    size_t cap)
{
    char p[512];
    FILE *f;

    tf_path(t, name, p, sizeof p);
    f = fopen(p, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fwrite(data, 1, n, f), n);
    CU_ASSERT_EQUAL(fclose(f), 0);
    if (out != NULL)
        snprintf(out, cap, "%s", p);
    return out;
}

/* As tf_writen for a NUL-terminated text. */
static inline const char *tf_write(const struct tf *t, const char *name,
                                   const char *text, char *out, size_t cap)
{
    return tf_writen(t, name, text, strlen(text), out, cap);
}

/* Removes path and, if it is a folder, everything in it. */
static inline void tf_remove_tree(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *de;
    char p[1024];
    int n;

    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        d = opendir(path);
        if (d != NULL) {
            while ((de = readdir(d)) != NULL) {
                if (strcmp(de->d_name, ".") == 0 ||
                    strcmp(de->d_name, "..") == 0)
                    continue;
                n = snprintf(p, sizeof p, "%s/%s", path, de->d_name);
                if (n > 0 && (size_t)n < sizeof p)
                    tf_remove_tree(p);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Removes the scratch folder and everything in it. */
static inline void tf_cleanup(struct tf *t)
{
    if (t->dir[0] != '\0')
        tf_remove_tree(t->dir);
    t->dir[0] = '\0';
}

#endif
