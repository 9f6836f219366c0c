/* version: the program's version, printed by --version, sent as the HTTP
 * User-Agent and recorded in every manifest. */
#ifndef SLACREDIT_VERSION_H
#define SLACREDIT_VERSION_H

#define SLACREDIT_VERSION "0.1.0"

#endif
