# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""IMAP sessions (imaplib) opened as the admin on behalf of each mailbox, and a worker pool.

IMAP has no way to switch users on a connection, so the pool bounds concurrency and shares
one SSLContext; each mailbox gets its own short session. The fixed cost of a session is the
server's, so commands that do not depend on each other's answers are pipelined: the login and
the LIST travel together, SELECT + UID SEARCH RETURN (SAVE) + UID FETCH $ (SEARCHRES, RFC 5182)
together, UID STORE + UID EXPUNGE together. Deletion is `UID STORE +FLAGS.SILENT (\\Deleted)` +
`UID EXPUNGE` on our UIDs only: never CLOSE or a bare EXPUNGE, which would also remove mail
another client marked \\Deleted. With CONDSTORE (RFC 7162) the STORE is conditional
(`UNCHANGEDSINCE` the folder's HIGHESTMODSEQ when it was selected): a message the user flagged
or touched after our search is not marked, hence not expunged, and is reported as kept.

With `oauth` (oauth.py), each mailbox logs in with AUTHENTICATE XOAUTH2 or OAUTHBEARER and its
initial response (SASL-IR), still pipelined with the LIST; a refused token is answered with an
error challenge that swallows the next line, so the reading stops at the refused login.
"""

from __future__ import annotations

import base64
import imaplib
import re
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor, as_completed

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import (
    AuthError, ConfigError, ConnectError, MailstoreError, UnsupportedServer, reason)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import (
    Folder, parse_list_line)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapread import AnswerReader
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.oauth import (
    FAILURE_ACK, challenge_reason, encoded)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import (
    chunks, compress_uids, expand_uids, fetch_names, parse_fetch, parse_status, quotable, quote, sasl_plain, text)
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import describe_tls_error

# what a journal line needs; FLAGS (read from the index, no message file opened) let a restore
# put the message back as it was
META_ITEMS = "UID RFC822.SIZE INTERNALDATE FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"

# Login refusals that judge the identity (RFC 5530): with the admin credential proven on other
# mailboxes, they say the server does not know this login. Dovecot answers a master login for an
# unknown user with AUTHORIZATIONFAILED, a wrong password with AUTHENTICATIONFAILED.
IDENTITY_REFUSALS = {
    "AUTHENTICATIONFAILED": "le serveur répond [AUTHENTICATIONFAILED] : identifiant inconnu ou identifiants refusés",
    "AUTHORIZATIONFAILED": "le serveur répond [AUTHORIZATIONFAILED] : le compte admin ne peut pas agir pour cet "
                           "identifiant (réponse de Dovecot à un utilisateur inconnu)",
}
# Refusals that say the server could not decide now, or refuses for another reason: never absence.
INCONCLUSIVE_REFUSALS = {
    "UNAVAILABLE": "service d'authentification du serveur momentanément indisponible",
    "SERVERBUG": "erreur interne du serveur",
    "LIMIT": "limite de connexions ou de débit du serveur atteinte",
    "INUSE": "BAL occupée par une autre opération",
    "CONTACTADMIN": "compte bloqué : le serveur renvoie à son administrateur",
    "EXPIRED": "identifiants expirés",
    "PRIVACYREQUIRED": "le serveur exige un chiffrement que la connexion n'offre pas",
}
_RESPONSE_CODE = re.compile(r"\[([A-Za-z][A-Za-z0-9.-]*)[^\]]*\]")


class LoginRefusal:
    """What a refused login says: its response code, whether it may prove the login unknown, why."""

    __slots__ = ("code", "proves_unknown", "reason")

    def __init__(self, code, proves_unknown, reason):
        self.code = code
        self.proves_unknown = proves_unknown
        self.reason = reason


class LoginRefused(AuthError):
    """AuthError that keeps the French reason of the refusal, for the evidence of an absent mailbox."""

    def __init__(self, message, reason=""):
        super().__init__(message)
        self.reason = reason


def login_refusal(answer):
    """Classify the server's answer to a refused login ('NO [CODE] text', or imaplib's '[CODE] text')."""
    answer = answer or ""
    if answer.startswith("BAD") or "command error: BAD" in answer:
        return LoginRefusal("BAD", False, "le serveur rejette la commande de connexion (BAD) : erreur de "
                            "protocole, pas un refus de l'identifiant")
    match = _RESPONSE_CODE.search(answer)
    code = match.group(1).upper() if match else ""
    if not code:
        return LoginRefusal("", True, "le serveur refuse la connexion sans code de réponse (%s)" % answer)
    if code in IDENTITY_REFUSALS:
        return LoginRefusal(code, True, IDENTITY_REFUSALS[code])
    words = INCONCLUSIVE_REFUSALS.get(code, "code de réponse inconnu de ce module")
    return LoginRefusal(code, False, "le serveur répond [%s] : %s" % (code, words))


class _AnnouncedCapabilities:
    """imaplib connection that takes the capabilities the greeting announces ([CAPABILITY ...],
    as Dovecot does) instead of asking CAPABILITY: one round trip less per mailbox. After
    STARTTLS they are always asked again (what came before TLS is not trusted)."""

    def _get_capabilities(self):
        announced = self.untagged_responses.pop("CAPABILITY", None)
        if not announced or self._tls_established:
            super()._get_capabilities()
            return
        self.capabilities = tuple(announced[-1].decode("ascii", "replace").upper().split())


class _Imap(_AnnouncedCapabilities, imaplib.IMAP4):
    pass


class _ImapTls(_AnnouncedCapabilities, imaplib.IMAP4_SSL):
    pass


class ImapSettings:
    """Connection settings shared by every session of a run (one SSLContext for all)."""

    def __init__(self, host, port=None, security="tls", admin_user=None, admin_password=None,
                 login_form="authzid", master_separator="*", mailbox_passwords=None,
                 ssl_context=None, timeout=30, oauth=None):
        if security not in ("tls", "starttls", "none"):
            raise ValueError("security doit valoir tls, starttls ou none, reçu %s" % security)
        self.host = host
        self.port = port or (993 if security == "tls" else 143)
        self.security = security
        self.admin_user = admin_user
        self.admin_password = admin_password
        self.login_form = login_form
        self.master_separator = master_separator
        self.mailbox_passwords = mailbox_passwords or {}
        self.ssl_context = ssl_context
        self.timeout = timeout
        self.oauth = oauth  # oauth.OAuthLogin: every mailbox but those of mailbox_passwords logs in with it

    @property
    def server(self):
        return "%s:%s" % (self.host, self.port)

    @property
    def credential(self):
        """Who opens the mailboxes, in the words of a message."""
        if self.oauth is not None:
            return "le jeton OAuth (%s)" % self.oauth.mechanism
        return "le compte admin %s" % self.admin_user


class Answer:
    """The completion of one pipelined command and the untagged data that came with it."""

    __slots__ = ("command", "status", "data", "untagged")

    def __init__(self, command, status, data, untagged):
        self.command = command
        self.status = status
        self.data = data
        self.untagged = untagged

    @property
    def ok(self):
        return self.status == "OK"

    def get(self, name):
        return self.untagged.get(name, [])

    def server_text(self):
        """The server's own words: 'NO [AUTHENTICATIONFAILED] Authentication failed.'."""
        return ("%s %s" % (self.status, text(self.data[-1] if self.data else "").strip())).strip()

    def error(self):
        return "commande %s refusée par le serveur (%s)" % (self.command.split(" ", 1)[0].upper(),
                                                            self.server_text())


class Session:
    """One authenticated IMAP session for one mailbox."""

    def __init__(self, settings, mailbox, then=()):
        self.settings = settings
        self.mailbox = mailbox
        self.then = list(then)  # commands pipelined with the login (see open())
        self.early = []  # their answers
        self.conn = None
        self.capabilities = set()
        self.selected_modseq = 0  # HIGHESTMODSEQ of the folder selected for deletion (CONDSTORE)
        self.challenge = b""  # the error challenge of a refused OAuth login

    # --- connection --------------------------------------------------------
    def __enter__(self):
        try:
            self.early = self.open(self.then)
        except BaseException:
            self.abort()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def open(self, then=()):
        """Connect and log in; `then` (command lines) ride in the same round trip as the login.

        Returns the answers to `then`; a server that did not accept them (not logged in yet,
        unknown extension) answers NO/BAD and the caller falls back to plain commands.
        """
        settings = self.settings
        try:
            if settings.security == "tls":
                self.conn = _ImapTls(settings.host, settings.port, ssl_context=settings.ssl_context,
                                     timeout=settings.timeout)
            else:
                self.conn = _Imap(settings.host, settings.port, timeout=settings.timeout)
                if settings.security == "starttls":
                    self.conn.starttls(ssl_context=settings.ssl_context)
        except ssl.SSLError as exc:
            raise ConnectError(describe_tls_error(exc, settings.server))
        except (OSError, imaplib.IMAP4.error) as exc:
            raise ConnectError("serveur injoignable %s : %s : vérifiez host/port/security" % (
                settings.server, reason(exc)))
        line = self._login_line()
        if line is None:
            self._login_slow()
            answers = self.pipeline(list(then)) if then else []
        else:
            may_ride = rides_with_login(line, self.conn.welcome)
            rides = list(then) if may_ride else []
            # a refused OAuth token gets an error challenge that takes the next line as its
            # answer (RFC 7628 3.2.3): some line must follow, and what follows is not read
            spare = ["NOOP"] if may_ride and self._oauth() and not rides else []
            answers = self.pipeline([line] + rides + spare, login=True)[:len(rides) + 1]
            login = answers.pop(0)
            if not login.ok:
                self.challenge = b"".join(login.get("+")[-1:])
                self._refused(login.server_text())
            self.conn.state = "AUTH"
            self._learn_capabilities(login.get("CAPABILITY"))
            if then and not rides:
                answers = self.pipeline(list(then))
        if not self.capabilities:
            answer = self.command("CAPABILITY")
            self._learn_capabilities(answer.get("CAPABILITY"))
        return answers

    def _oauth(self):
        return self.settings.oauth is not None and self.mailbox not in self.settings.mailbox_passwords

    def _oauth_response(self):
        """The raw SASL initial response with the run's token (fetched or renewed if needed)."""
        settings = self.settings
        try:
            return settings.oauth.response(self.mailbox, settings.host, settings.port)[0]
        except ConfigError as exc:  # a renewal that fails mid-run: this mailbox fails, the others go on
            raise MailstoreError(str(exc))

    def _oauth_line(self):
        offered = set(cap.upper() for cap in self.conn.capabilities)
        mechanism = self.settings.oauth.mechanism
        if "AUTH=" + mechanism not in offered and any(cap.startswith("AUTH=") for cap in offered):
            raise MailstoreError("oauth.mechanism : le serveur %s n'offre pas AUTH=%s (il offre %s) : choisissez "
                                 "l'autre mécanisme" % (self.settings.server, mechanism, ", ".join(sorted(
                                     cap for cap in offered if cap.startswith("AUTH=")))))
        if "SASL-IR" not in offered:
            return None
        return "AUTHENTICATE %s %s" % (mechanism, encoded(self._oauth_response()))

    def _passwords_offered(self):
        """A server that offers only OAuth mechanisms refuses any password: say what to set."""
        offered = set(cap.upper() for cap in self.conn.capabilities)
        tokens = sorted(cap for cap in offered if cap in ("AUTH=XOAUTH2", "AUTH=OAUTHBEARER"))
        if tokens and not any(cap in offered for cap in ("AUTH=PLAIN", "AUTH=LOGIN")):
            raise MailstoreError("le serveur %s n'accepte pas les mots de passe, seulement OAuth 2.0 (%s) : "
                                 "renseignez l'option oauth (jeton, ou client OAuth et son token_url)" % (
                                     self.settings.server, ", ".join(tokens)))

    def _login_line(self):
        """The login as one command line, or None when imaplib's own exchange is needed."""
        settings, mailbox = self.settings, self.mailbox
        if self._oauth():
            return self._oauth_line()
        self._passwords_offered()
        if mailbox in settings.mailbox_passwords:
            user, password = mailbox, settings.mailbox_passwords[mailbox]
        elif settings.login_form == "separator":
            user = "%s%s%s" % (mailbox, settings.master_separator, settings.admin_user)
            password = settings.admin_password
        else:
            offered = set(cap.upper() for cap in self.conn.capabilities)
            if "SASL-IR" not in offered or "AUTH=PLAIN" not in offered:
                return None
            return "AUTHENTICATE PLAIN " + sasl_plain(mailbox, settings.admin_user, settings.admin_password)
        if not (quotable(user) and quotable(password or "")):
            return None
        return "LOGIN %s %s" % (quote(user), quote(password or ""))

    def _login_slow(self):
        settings, mailbox = self.settings, self.mailbox
        try:
            if self._oauth():
                self.conn.authenticate(settings.oauth.mechanism, self._oauth_exchange())
            elif mailbox in settings.mailbox_passwords:
                self.conn.login(mailbox, settings.mailbox_passwords[mailbox])
            elif settings.login_form == "separator":
                self.conn.login("%s%s%s" % (mailbox, settings.master_separator, settings.admin_user),
                                settings.admin_password)
            else:
                token = ("%s\0%s\0%s" % (mailbox, settings.admin_user, settings.admin_password)).encode("utf-8")
                self.conn.authenticate("PLAIN", lambda challenge: token)
        except imaplib.IMAP4.abort as exc:
            raise ConnectError("connexion à %s perdue pendant l'authentification : %s" % (
                settings.server, reason(exc)))
        except imaplib.IMAP4.error as exc:
            self._refused(text(exc))
        except OSError as exc:
            raise ConnectError("connexion à %s perdue pendant l'authentification : %s" % (
                settings.server, reason(exc)))

    def _oauth_exchange(self):
        """imaplib's authobject: the initial response, then the answer to an error challenge."""
        first = [True]

        def answer(challenge):
            if first[0]:
                first[0] = False
                return self._oauth_response()
            self.challenge = base64.b64encode(challenge or b"")
            return FAILURE_ACK[self.settings.oauth.mechanism]
        return answer

    def _refused(self, answer):
        """AuthError when the answer judges the identity; a plain failure when the server could not decide."""
        settings = self.settings
        if self._oauth() and self.challenge:
            self._token_refused(challenge_reason(self.challenge) or "jeton refusé")
        refusal = login_refusal(answer)
        if not refusal.proves_unknown:
            raise MailstoreError("connexion à %s refusée pour la BAL %s (%s) : %s ; la BAL n'est pas déclarée "
                                 "absente, relancez plus tard (ou voyez les journaux du serveur)" % (
                                     settings.server, self.mailbox, answer, refusal.reason))
        if self.mailbox in settings.mailbox_passwords:
            raise LoginRefused("identifiants refusés par %s pour la BAL %s (%s) : vérifiez son mot de passe "
                               "dans mailbox_passwords" % (settings.server, self.mailbox, answer),
                               reason=refusal.reason)
        if self._oauth():
            self._token_refused("%s : %s" % (answer, refusal.reason))
        raise LoginRefused("identifiants refusés par %s pour la BAL %s avec l'administrateur %s (%s) : "
                           "vérifiez admin_user / admin_password, et que la BAL existe sur le serveur" % (
                               settings.server, self.mailbox, settings.admin_user, answer),
                           reason=refusal.reason)

    def _token_refused(self, words):
        """LoginRefused for a token the server refused. The server answered the error challenge
        (RFC 7628 3.2.2) rather than the command: its own NO text says nothing, `words` tell why."""
        settings = self.settings
        raise LoginRefused("jeton OAuth (%s, utilisateur %s) refusé par %s pour la BAL %s (%s) : vérifiez oauth "
                           "(jeton valide, droits du client sur cette BAL), et que la BAL existe sur le serveur" % (
                               settings.oauth.mechanism, settings.oauth.user(self.mailbox), settings.server,
                               self.mailbox, words), reason=words)

    def _learn_capabilities(self, lines):
        for line in lines:
            self.capabilities = set(text(line).upper().split())

    def close(self):
        """LOGOUT (no UNSELECT or CLOSE first: LOGOUT never expunges anything), read by our reader."""
        if self.conn is None:
            return
        try:
            self.pipeline(["LOGOUT"])
        except MailstoreError:
            pass
        self.abort()

    def abort(self):
        """Drop the connection without a word (after a failed login or a broken pipe)."""
        if self.conn is not None:
            try:
                self.conn.shutdown()
            except (OSError, imaplib.IMAP4.error):
                pass
            self.conn = None

    def has(self, capability):
        return capability.upper() in self.capabilities

    # --- commands ----------------------------------------------------------
    def pipeline(self, commands, login=False):
        """Send every command line at once, then read the answers in order: one round trip.

        A command is a line, or (line, literal) for a line that ends with a LITERAL+ literal
        (RFC 7888): the server needs no continuation, so it pipelines like the others.

        Returns one Answer per command (NO/BAD are answers, not exceptions); a dropped or
        silent connection raises ConnectError. With `login`, a refused first command (the
        login) ends the reading: only its answer is returned, the session is dropped.
        """
        conn = self.conn
        tags = [conn._new_tag() for _command in commands]
        wire = b"".join(_wire(tag, command) for tag, command in zip(tags, commands))
        commands = [command[0] if isinstance(command, tuple) else command for command in commands]
        answers = []
        try:
            conn.send(wire)
            reader = AnswerReader(conn.file, tags)
            for tag, line in zip(tags, commands):
                done = reader.completion(tag, expect_bye=line == "LOGOUT")
                answers.append(Answer(line, done.status, done.data, done.untagged))
                if login and done.status != "OK":
                    return answers
            for tag in tags:
                conn.tagged_commands.pop(tag, None)  # read here, not by imaplib: forget them there
        except imaplib.IMAP4.abort as exc:
            raise ConnectError("connexion à %s perdue (commande %s, BAL %s) : %s ; relancez pour terminer" % (
                self.settings.server, commands[len(answers)].split(" ")[0], self.mailbox, reason(exc)))
        except (OSError, socket.timeout) as exc:
            raise ConnectError("connexion à %s coupée ou sans réponse (BAL %s) : %s ; relancez, ou "
                               "augmentez timeout" % (self.settings.server, self.mailbox, reason(exc)))
        except imaplib.IMAP4.error as exc:
            raise MailstoreError("réponse inattendue de %s : %s" % (self.settings.server, text(exc)))
        return answers

    def command(self, line):
        """One command; a NO/BAD answer raises MailstoreError naming it."""
        answer = self.pipeline([line])[0]
        if not answer.ok:
            raise MailstoreError(answer.error())
        return answer

    # --- folders -----------------------------------------------------------
    @staticmethod
    def list_command(with_status=False):
        """LIST with SPECIAL-USE (and LIST-STATUS when asked), assuming a Dovecot-class server.

        Capabilities are not known before the login it is pipelined with: `folders()` checks
        them afterwards and falls back to plain LIST (+ STATUS) when this one was refused.
        """
        returns = ["SPECIAL-USE"]
        if with_status:
            returns.append("STATUS (MESSAGES UNSEEN SIZE)")
        return 'LIST "" "*" RETURN (%s)' % " ".join(returns)

    def folders(self, with_status=False, answer=None):
        """[Folder] (with .status {MESSAGES, UNSEEN, SIZE} when asked) from `answer` or a new LIST."""
        usable = answer is not None and answer.ok and (not with_status or answer.get("STATUS"))
        if not usable:
            extended = self.has("SPECIAL-USE") and (not with_status or self.has("LIST-STATUS"))
            if extended:
                returns = ["SPECIAL-USE"] + (["STATUS (%s)" % self._status_items()] if with_status else [])
                answer = self.command('LIST "" "*" RETURN (%s)' % " ".join(returns))
            else:
                answer = self.command('LIST "" "*"')
        statuses = parse_status(answer.get("STATUS"))
        folders = []
        for item in answer.get("LIST"):
            if item is None:
                continue
            folder = parse_list_line(item[0] + b'"' + item[1].replace(b'"', b'\\"') + b'"'
                                     if isinstance(item, tuple) else item)
            folder.status = statuses.get(folder.raw)
            folders.append(folder)
        if with_status and not statuses:
            self._status_one_by_one(folders)
        return folders

    def _status_items(self):
        return "MESSAGES UNSEEN" + (" SIZE" if self.has("STATUS=SIZE") else "")

    def _status_one_by_one(self, folders):
        wanted = [folder for folder in folders if folder.selectable]
        items = self._status_items()
        answers = self.pipeline(["STATUS %s (%s)" % (quote(f.raw), items) for f in wanted])
        for folder, answer in zip(wanted, answers):
            folder.status = parse_status(answer.get("STATUS")).get(folder.raw, {}) if answer.ok else {}

    # --- messages ----------------------------------------------------------
    def find(self, folder, criteria, readonly, items=META_ITEMS):
        """Open `folder` and return (exists, uidvalidity, {uid: meta}) of the messages matching."""
        exists, uidvalidity, entries = self.find_entries(folder, criteria, readonly, items)
        return exists, uidvalidity, parse_fetch(entries, fetch_names(items))

    def find_entries(self, folder, criteria, readonly, items):
        """Open `folder` and return (exists, uidvalidity, raw FETCH entries of `items`) of the messages matching.

        With SEARCHRES the three commands go in one round trip: SELECT (EXAMINE when read-only),
        UID SEARCH RETURN (SAVE) and UID FETCH $; otherwise SEARCH, then FETCH by UID.
        """
        opener = "%s %s" % ("EXAMINE" if readonly else "SELECT", quote(folder.raw))
        conditional = not readonly and self.has("CONDSTORE")
        if conditional:
            opener += " (CONDSTORE)"
        search = "UID SEARCH %s" % " ".join(criteria)
        if self.has("SEARCHRES"):
            answers = self.pipeline([opener, search.replace("UID SEARCH", "UID SEARCH RETURN (SAVE)", 1),
                                     "UID FETCH $ (%s)" % items])
        else:
            answers = self.pipeline([opener, search])
        for answer in answers:
            if not answer.ok:
                raise MailstoreError("%s, dossier « %s »" % (answer.error(), folder.name))
        self.conn.state = "SELECTED"
        exists = int(answers[0].get("EXISTS")[-1]) if answers[0].get("EXISTS") else 0
        uidvalidity = int(answers[0].get("UIDVALIDITY")[-1]) if answers[0].get("UIDVALIDITY") else 0
        modseq = answers[0].get("HIGHESTMODSEQ") if conditional else None
        self.selected_modseq = int(text(modseq[-1]).split()[0]) if modseq else 0
        if len(answers) >= 3:
            # pipelined answers may be attributed to a neighbour: take every FETCH after SELECT
            return exists, uidvalidity, [entry for answer in answers[1:] for entry in answer.get("FETCH")]
        uids = [int(uid) for line in answers[1].get("SEARCH") for uid in text(line).split()]
        return exists, uidvalidity, self.fetch_entries(uids, items)

    def fetch_entries(self, uids, items):
        """The raw FETCH entries for the given UIDs of the selected folder."""
        lines = ["UID FETCH %s (%s)" % (compress_uids(part), items) for part in chunks(uids)]
        entries = []
        for answer in self.pipeline(lines) if lines else []:
            if not answer.ok:
                raise MailstoreError(answer.error())
            entries += answer.get("FETCH")
        return entries

    def uid_fetch(self, uids, items=META_ITEMS):
        """{uid: meta} for the given UIDs of the selected folder."""
        meta = {}
        lines = ["UID FETCH %s (%s)" % (compress_uids(part), items) for part in chunks(uids)]
        for answer in self.pipeline(lines) if lines else []:
            if not answer.ok:
                raise MailstoreError(answer.error())
            meta.update(parse_fetch(answer.get("FETCH")))
        return meta

    def fetch_raw(self, uid):
        answer = self.command("UID FETCH %d (BODY.PEEK[])" % int(uid))
        for entry in answer.get("FETCH"):
            if isinstance(entry, tuple):
                return entry[1]
        raise MailstoreError("le message UID %s a disparu avant son export" % uid)

    def delete_uids(self, uids):
        """Mark exactly `uids` \\Deleted and expunge exactly them (UIDPLUS), one round trip.

        Returns the UIDs left alone because they changed since the folder was selected (the
        conditional STORE's MODIFIED set): without \\Deleted, UID EXPUNGE skips them too.
        """
        if not self.has("UIDPLUS"):
            raise UnsupportedServer("le serveur %s n'offre pas UIDPLUS : suppression refusée (un EXPUNGE "
                                    "simple effacerait aussi les messages que d'autres ont marqués "
                                    "\\Deleted)" % self.settings.server)
        condition = " (UNCHANGEDSINCE %d)" % self.selected_modseq if self.selected_modseq else ""
        lines = []
        for part in chunks(uids):
            uid_set = compress_uids(part)
            lines += ["UID STORE %s%s +FLAGS.SILENT (\\Deleted)" % (uid_set, condition),
                      "UID EXPUNGE %s" % uid_set]
        kept = set()
        for answer in self.pipeline(lines) if lines else []:
            if not answer.ok:
                raise MailstoreError(answer.error())
            for modified in answer.get("MODIFIED"):
                kept.update(expand_uids(text(modified).split()[0]))
        return kept


def rides_with_login(line, greeting):
    """May commands travel in the login's round trip? Not after AUTHENTICATE on Cyrus IMAP, which
    discards what follows it in its input once SASL succeeds (the client would wait for answers
    to commands the server never read): there they wait for the login's answer."""
    return not (line.startswith("AUTHENTICATE") and b"Cyrus IMAP" in (greeting or b""))


def _wire(tag, command):
    """One tagged command on the wire; (line, literal) sends the literal non-synchronizing."""
    if isinstance(command, tuple):
        line, literal = command
        return b"%s %s {%d+}\r\n%s\r\n" % (tag, line.encode("utf-8"), len(literal), literal)
    return tag + b" " + command.encode("utf-8") + b"\r\n"


def run_pool(items, work, concurrency):
    """Run work(item) on a thread pool; yields (item, result, error) as each completes."""
    concurrency = max(1, min(int(concurrency), len(items) or 1))
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = {pool.submit(work, item): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            try:
                yield item, future.result(), None
            except MailstoreError as exc:
                yield item, None, str(exc)
            except Exception as exc:  # pylint: disable=broad-except
                # one mailbox's surprise must not stop the sweep; name it for the report
                yield item, None, "erreur inattendue (%s) : %s" % (type(exc).__name__, exc)


__all__ = ["Folder", "ImapSettings", "LoginRefusal", "LoginRefused", "Session", "login_refusal", "run_pool"]
