# SPDX-License-Identifier: GPL-3.0-or-later
"""Seed the lab Dovecot with the mailboxes of an Establishment, fast and deterministically.

Maildir files are written directly (mtime = received date, S=/W= sizes in the name): tens of
thousands of messages per second, where IMAP APPEND manages ~700/s. Trash save dates must be
real for SAVEDBEFORE: Dovecot takes a maildir save date from the file ctime unless `date.save`
was cached when the message was saved, and ctime cannot be set. So Trash messages are written
to per-age staging folders, then moved into the Trash by `doveadm move` running under faketime
at that age (one doveadm run per distinct age, over all users that need it, via -F): the
move caches the faked save date (mail_always_cache_fields = date.save). Verified by the tests
(SAVEDBEFORE finds exactly the seeded old Trash mail). Mail saved "today" needs no faketime: it
waits in the Trash's tmp/ (which Dovecot never lists) and enters cur/ after the moves, so UIDs
still follow save dates. doveadm runs without fsync and split across processes (10,000 BALs).
"""

import datetime as dt
import email.utils
import os
import random
import shutil
import subprocess
import tempfile
import time

from lab import faketime, patient_documents
from lab.dovecot import DRAFTS, DRAFTS_EN, JUNK, SENT, SENT_EN, TRASH, TRASH_EN
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import encode_mutf7

DEFAULT_PASSWORD = "Lab-boite-1"
DAY = 86400
# doveadm processes sharing a seeding step (each over its own slice of the users)
WORKERS = max(2, os.cpu_count() or 1)
PATIENTS = ("DUPONT_Jeanne", "MARTIN_Paul", "LEROY_Anne", "PETIT_Louis", "GARNIER_Lucie",
            "BONNET_Marc", "FAURE_Claire", "ROUSSEL_Henri")
SUBJECTS = ("Compte rendu de consultation", "Résultats de biologie", "Demande d'avis",
            "Lettre de liaison", "Ordonnance de sortie", "Planning de garde", "Réunion de service",
            "Transmission infirmière")


# a box's Trash, Sent and Drafts names by SeedMailbox.folder_names; with "both", messages alternate
FOLDER_NAMES = {"fr": ((TRASH,), (SENT,), (DRAFTS,)), "en": ((TRASH_EN,), (SENT_EN,), (DRAFTS_EN,)),
                "both": ((TRASH, TRASH_EN), (SENT, SENT_EN), (DRAFTS, DRAFTS_EN))}


def password_for(login, passwords=None):
    return (passwords or {}).get(login, DEFAULT_PASSWORD)


class _Writer:
    """Writes maildir files owned by the virtual mail user."""

    def __init__(self, uid, gid):
        self.uid, self.gid = uid, gid
        self.counter = 0
        self.pid = os.getpid()

    def folder(self, maildir, name):
        path = maildir if name == "INBOX" else os.path.join(
            maildir, "." + encode_mutf7(name).replace("/", "."))
        for sub in ("", "cur", "new", "tmp"):
            full = os.path.join(path, sub)
            if not os.path.isdir(full):
                os.makedirs(full)
                os.chown(full, self.uid, self.gid)
        if name != "INBOX":
            marker = os.path.join(path, "maildirfolder")
            if not os.path.exists(marker):
                open(marker, "w").close()
                os.chown(marker, self.uid, self.gid)
        return path

    def message(self, folder_path, data, received, flags, subdir="cur"):
        self.counter += 1
        size = len(data)
        vsize = size + data.count(b"\n")
        name = "%d.M%dP%d.lab,S=%d,W=%d:2,%s" % (
            received, self.counter, self.pid, size, vsize, "".join(sorted(flags)))
        path = os.path.join(folder_path, subdir, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
            os.fchown(fd, self.uid, self.gid)
        finally:
            os.close(fd)
        os.utime(path, (received, received))
        return vsize

    def keyword_letters(self, folder_path, names):
        """Maildir flag letters (a, b...) of IMAP keywords, declared in the folder's dovecot-keywords."""
        if not names:
            return set()
        path = os.path.join(folder_path, "dovecot-keywords")
        known = []
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                known = [line.split(" ", 1)[1] for line in handle.read().splitlines() if line]
        known += [name for name in names if name not in known]
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("".join("%d %s\n" % pair for pair in enumerate(known)))
        os.chown(path, self.uid, self.gid)
        return {chr(ord("a") + known.index(name)) for name in names}


def _message(rng, login, domain, msg_id, when, attachment):
    sender = "%s@%s" % (rng.choice(("secretariat", "labo", "dr.martin", "cadre.sante")), domain)
    subject = rng.choice(SUBJECTS)
    headers = [
        "From: %s" % sender, "To: %s" % login, "Subject: %s" % subject,
        "Date: %s" % email.utils.formatdate(when, usegmt=True),
        "Message-ID: <%s@%s>" % (msg_id, domain), "MIME-Version: 1.0"]
    text = "Bonjour,\n\n%s (message fictif de démonstration).\n%s\nCordialement.\n" % (
        subject, "Ligne de texte.\n" * rng.randrange(2, 40))
    if not attachment:
        headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        return ("\n".join(headers) + "\n\n" + text).encode("utf-8")
    import base64
    patient = rng.choice(PATIENTS)
    blob = b"%PDF-1.4\n% document fictif\n" + rng.randbytes(rng.randrange(1500, 6000))
    encoded = base64.encodebytes(blob).decode("ascii")
    boundary = "=_lab_%s" % msg_id
    headers.append('Content-Type: multipart/mixed; boundary="%s"' % boundary)
    body = ("--{b}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{t}\n"
            "--{b}\nContent-Type: application/pdf; name=\"CR_consultation_{p}.pdf\"\n"
            "Content-Disposition: attachment; filename=\"CR_consultation_{p}.pdf\"\n"
            "Content-Transfer-Encoding: base64\n\n{e}--{b}--\n").format(b=boundary, t=text, p=patient, e=encoded)
    return ("\n".join(headers) + "\n\n" + body).encode("utf-8")


def _trash_ages(box):
    """Saved ages (days) of the Trash messages: the oldest exactly, others at half or today.

    Few distinct ages keep the number of faketime'd doveadm runs small at 10,000 mailboxes.
    """
    count = box.trash_messages
    if count <= 0:
        return []
    oldest = max(0, int(box.trash_oldest_days))
    ages = [oldest]
    for index in range(1, count):
        ages.append((oldest, oldest // 2, 0)[index % 3])
    return ages


class Planned:
    """One message of the establishment as both seeders write it (same rng draws, same bytes)."""

    __slots__ = ("folder", "data", "received", "flags", "keywords", "trash_age")

    def __init__(self, folder, data, received, flags, keywords=(), trash_age=None):
        self.folder = folder  # decoded name, "/" as delimiter
        self.data = data
        self.received = received
        self.flags = flags  # maildir letters: S seen, F flagged, T deleted
        self.keywords = tuple(keywords)
        self.trash_age = trash_age  # Trash mail: days since it was saved there (None elsewhere)


def box_folders(box):
    """(trashes, sents, drafts, every folder the box starts with, in creation order)."""
    trashes, sents, drafts = FOLDER_NAMES[box.folder_names]
    folders = ("INBOX", JUNK) + trashes + sents + drafts
    if box.messages >= 50:
        folders += ("Archives/2023",)
    return trashes, sents, drafts, folders


def plan_box(rng, index, box, est, now):
    """The messages of one BAL, in seeding order; fills nothing, draws from `rng` like seed() always did."""
    login = box.address.lower()
    trashes, sents, drafts, folders = box_folders(box)
    with_archive = "Archives/2023" in folders
    for number in range(box.messages):
        roll = rng.random()
        name = "INBOX" if roll < 0.6 else sents[number % len(sents)] if roll < 0.85 else (
            "Archives/2023" if with_archive and roll < 0.93 else drafts[number % len(drafts)]
            if roll < 0.97 else JUNK)
        received = now - rng.randrange(3600, 3 * 365 * DAY)
        if box.sent_older_than_days and name in sents:
            received = min(received, now - box.sent_older_than_days * DAY)
        flags = set("S") if name != "INBOX" or rng.random() < 0.8 else set()
        if rng.random() < 0.05:
            flags.add("F")
        if name == "INBOX" and number % 17 == 5:
            flags.update("ST")  # the user deleted it in their client and never expunged
        data = _message(rng, login, est.domain, "seed.%d.%d" % (index, number), received,
                        name == "INBOX" and rng.random() < 0.15)
        yield Planned(name, data, received, flags)
    for number, age in enumerate(_trash_ages(box)):
        saved = now - age * DAY - rng.randrange(0, 3600)
        received = saved - rng.randrange(0, 200) * DAY - 600
        flags = {"S"} | ({"F"} if number == 1 else set())
        data = _message(rng, login, est.domain, "trash.%d.%d" % (index, number), received,
                        rng.random() < 0.2)
        yield Planned(trashes[number % len(trashes)], data, received, flags, trash_age=age)
    for folder, received, keywords, data in patient_documents.messages(box.documents, login, est.now):
        yield Planned(folder, data, received, {"S"}, keywords)


def new_summary():
    return {"messages": 0, "vsize": 0, "trash": [], "deleted_inbox": 0, "flagged": 0}


def count(info, planned, vsize):
    """Add one seeded message to a BAL's summary (what the tests check against)."""
    info["vsize"] += vsize
    info["messages"] += 1
    if planned.trash_age is not None:
        info["trash"].append({"age_days": planned.trash_age, "flagged": "F" in planned.flags,
                              "folder": planned.folder})
        return
    if "F" in planned.flags:
        info["flagged"] += 1
    if "T" in planned.flags:
        info["deleted_inbox"] += 1


def start_seeding(est, seed_value, timings):
    """(timings dict, clock, rng, now timestamp, on-platform boxes): what every seeder starts from."""
    return ({} if timings is None else timings, time.perf_counter(), random.Random(seed_value),
            int(est.now.timestamp()), [box for box in est.mailboxes if box.on_platform])


def seed(dovecot, est, passwords=None, seed_value=20261126, timings=None, message_ids_file=None):
    """Create every on-platform mailbox of `est` in `dovecot`; returns a summary dict.

    The summary has, per login, what was planted (`trash_old` saved ages, `deleted_inbox`
    Message-IDs marked \\Deleted by the user, `flagged_trash` ...) so tests can check results.
    `timings`, if a dict, receives the seconds spent in each step (files, moves, indexes).
    The DPI's Message-ID file goes to `message_ids_file` (default: message_ids_path(dovecot)).
    A lab Cyrus (lab/cyrus.py) is seeded over IMAP by lab/imap_seed.py, with the same messages.
    """
    if getattr(dovecot, "kind", "dovecot") == "cyrus":
        from lab import imap_seed  # pylint: disable=import-outside-toplevel

        return imap_seed.seed(dovecot, est, passwords, seed_value, timings, message_ids_file)
    timings, clock, rng, now, boxes = start_seeding(est, seed_value, timings)
    writer = _Writer(dovecot.uid, dovecot.gid)
    users, quotas, staging, parked, summary = [], {}, {}, [], {}
    for index, box in enumerate(boxes):
        login = box.address.lower()
        users.append((login, password_for(login, passwords)))
        maildir = os.path.join(dovecot.home(login), "Maildir")
        info = summary[login] = new_summary()
        paths = {name: writer.folder(maildir, name) for name in box_folders(box)[3]}
        for planned in plan_box(rng, index, box, est, now):
            age, subdir = planned.trash_age, "cur"
            path = paths.get(planned.folder) or paths.setdefault(planned.folder, writer.folder(maildir, planned.folder))
            if age:  # older Trash mail goes through a move, so UIDs follow save dates (oldest first)
                path = writer.folder(maildir, _staging_name(age, planned.folder))
                staging.setdefault((age, planned.folder), set()).add(login)
            elif age == 0:
                subdir = "tmp"
                parked.append(path)
            flags = planned.flags | writer.keyword_letters(path, planned.keywords)
            count(info, planned, writer.message(path, planned.data, planned.received, flags, subdir))
        if box.quota_near_full:
            quotas[login] = int(info["vsize"] / 0.93)
        _chown_tree(dovecot.home(login), dovecot.uid, dovecot.gid)
    dovecot.add_users(users, quotas)
    write_private(message_ids_file or message_ids_path(dovecot), patient_documents.message_ids_text(est))
    timings["files"], clock = time.perf_counter() - clock, time.perf_counter()
    _move_staged(dovecot, est, staging)
    _release_parked(parked)
    _write_last_logins(dovecot, boxes, now)
    timings["trash_moves"], clock = time.perf_counter() - clock, time.perf_counter()
    # maildirs written behind Dovecot's back have no index yet; a live server's mailboxes do.
    # Build them once, so the first sweep does not race index creation against itself.
    _doveadm_users(dovecot, ["mailbox", "status"], summary, ["messages", "*"], "index")
    timings["indexes"] = time.perf_counter() - clock
    return summary


def message_ids_path(dovecot):
    """Where seed() writes the DPI's Message-ID file unless told otherwise."""
    return os.path.join(dovecot.directory, patient_documents.MESSAGE_IDS_FILE)


def write_private(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def _chown_tree(home, uid, gid):
    for top in (os.path.dirname(home), home, os.path.join(home, "Maildir")):
        os.chown(top, uid, gid)


def _doveadm_users(dovecot, command, logins, arguments, tag, env=None):
    """`doveadm <command> -F <users> <arguments>` over `logins`, split across WORKERS processes.

    Seeding only: fsync is off (a crash means seeding again, never lost mail).
    """
    logins = sorted(logins)
    workdir = tempfile.mkdtemp(prefix="seed-", dir=dovecot.directory)
    try:
        running = []
        for number in range(min(WORKERS, len(logins))):
            users_file = os.path.join(workdir, "%s-%d" % (tag, number))
            with open(users_file, "w", encoding="utf-8") as handle:
                handle.write("\n".join(logins[number::WORKERS]) + "\n")
            errors = open(users_file + ".err", "w+", encoding="utf-8")  # pylint: disable=consider-using-with
            cmd = ["doveadm", "-k", "-c", dovecot.config_path, "-o", "mail_fsync=never"]
            running.append((subprocess.Popen(  # pylint: disable=consider-using-with
                cmd + command + ["-F", users_file] + arguments, env=env,
                stdout=subprocess.DEVNULL, stderr=errors), errors))
        failures = []
        for proc, errors in running:
            if proc.wait() != 0:
                errors.seek(0)
                failures.append(errors.read())
            errors.close()
        if failures:
            raise RuntimeError("seeding (doveadm %s) failed: %s" % (" ".join(command), failures[0]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _staging_name(age, trash):
    return "seed-staging-%d" % age + ("" if trash == TRASH else "-en")


def _move_staged(dovecot, est, staging):
    """Move each staging folder into its Trash under faketime, caching the past save date."""
    real_now = dt.datetime.now(dt.timezone.utc)
    # oldest first, as in real life: mail that reached the Trash earlier has lower UIDs,
    # so `mailbox status firstsaved` gives the oldest save date
    for (age, trash), logins in sorted(staging.items(), reverse=True):
        moment = est.now - dt.timedelta(days=age)
        offset = "-%ds" % int((real_now - moment).total_seconds())
        staged = _staging_name(age, trash)
        _doveadm_users(dovecot, ["move"], logins, [trash, "mailbox", staged, "ALL"], "move-" + staged,
                       env=faketime.environment(offset))
        for login in logins:
            shutil.rmtree(os.path.join(dovecot.home(login), "Maildir", "." + staged))


def _release_parked(folders):
    """Trash mail saved today enters cur/ after the moves: its save date is its ctime (now)."""
    for folder in set(folders):
        tmp, cur = os.path.join(folder, "tmp"), os.path.join(folder, "cur")
        for name in os.listdir(tmp):
            os.rename(os.path.join(tmp, name), os.path.join(cur, name))


def _write_last_logins(dovecot, boxes, now):
    """Owners' last logins in the file dict (key/value lines), keeping other keys."""
    entries = {key: value for key, value in dovecot.last_logins().items()
               if not key.startswith("shared/last-login/")}
    for box in boxes:
        if box.last_login_days is not None:
            entries["shared/last-login/" + box.address.lower()] = now - int(box.last_login_days) * DAY
    path = dovecot.last_login_file
    tmp = path + ".seed"
    with open(tmp, "w", encoding="utf-8") as handle:
        for key, value in entries.items():
            handle.write("%s\n%d\n" % (key, value))
    os.chown(tmp, dovecot.uid, dovecot.gid)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
