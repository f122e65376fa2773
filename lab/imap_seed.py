# SPDX-License-Identifier: GPL-3.0-or-later
"""Seed a lab IMAP server without a CLI (the lab Cyrus) over IMAP, with the Dovecot lab's messages.

The same plan (lab/mail_seed.plan_box: same rng draws, same bytes, same flags and keywords) is
written with the admin logged in for each mailbox (SASL PLAIN authzid): CREATE of the folders,
SPECIAL-USE roles with CREATE ... (USE (...)) (RFC 6154), then one MULTIAPPEND per folder with
each message's INTERNALDATE, flags and keywords. Save dates are the server's clock when a
message is appended: the Trash mail of each age is appended while the server runs under
libfaketime at that day (one restart per age, oldest first, so UIDs follow save dates).
Cyrus allows one folder per SPECIAL-USE role and user: a BAL with both French and English
Trash folders gets the role on the first one only (README, "Cyrus IMAP").
"""

import time
from concurrent.futures import ThreadPoolExecutor

from lab import imap_admin, mail_seed, patient_documents

DAY = mail_seed.DAY
WORKERS = 8
FLAG_NAMES = {"S": "\\Seen", "F": "\\Flagged", "T": "\\Deleted"}
# SPECIAL-USE role of each seeded folder name, French and English
ROLES = {name: role for names, role in zip(mail_seed.FOLDER_NAMES["both"] + ((mail_seed.JUNK,),),
                                           ("\\Trash", "\\Sent", "\\Drafts", "\\Junk"))
         for name in names}


def _flags(planned):
    return [FLAG_NAMES[letter] for letter in sorted(planned.flags)] + list(planned.keywords)


def _create_folders(conn, names):
    used = set()
    for name in names:
        if name == "INBOX":
            continue
        role = ROLES.get(name)
        imap_admin.create_folder(conn, name, role if role and role not in used else None)
        used.add(role)


def _append(server, login, batches):
    """APPEND every (folder -> [Planned]) of one mailbox, one MULTIAPPEND per folder."""
    conn = server.admin_session(login)
    try:
        for folder, planned in batches.items():
            imap_admin.append_many(conn, folder, [(_flags(p), p.received, p.data) for p in planned])
    finally:
        conn.logout()


def _in_parallel(work, items):
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for _result in pool.map(work, items):
            pass


def seed(server, est, passwords=None, seed_value=20261126, timings=None, message_ids_file=None):
    """mail_seed.seed() for a lab Cyrus: same mailboxes, messages and summary."""
    timings, clock, rng, now, boxes = mail_seed.start_seeding(est, seed_value, timings)
    server.add_users([(box.address.lower(), mail_seed.password_for(box.address.lower(), passwords))
                      for box in boxes])
    timings["users"], clock = time.perf_counter() - clock, time.perf_counter()
    summary, trash, quotas, jobs = {}, {}, {}, []
    for index, box in enumerate(boxes):
        login = box.address.lower()
        info = summary[login] = mail_seed.new_summary()
        now_batches = {}
        for planned in mail_seed.plan_box(rng, index, box, est, now):
            mail_seed.count(info, planned, len(planned.data) + planned.data.count(b"\n"))
            if planned.trash_age:
                trash.setdefault(planned.trash_age, {}).setdefault(login, {}).setdefault(
                    planned.folder, []).append(planned)
            else:
                now_batches.setdefault(planned.folder, []).append(planned)
        folders = list(mail_seed.box_folders(box)[3]) + [f for f in now_batches if f not in mail_seed.box_folders(box)[3]]
        jobs.append((login, folders, now_batches))
        if box.quota_near_full:
            quotas[login] = int(info["vsize"] / 0.93)

    def create(job):
        login, folders, _batches = job
        conn = server.admin_session(login)
        try:
            _create_folders(conn, folders)
        finally:
            conn.logout()

    _in_parallel(create, jobs)
    timings["folders"], clock = time.perf_counter() - clock, time.perf_counter()
    real_now = time.time()
    for age in sorted(trash, reverse=True):  # oldest first: UIDs follow save dates
        server.stop()
        server.start(clock_offset=-(real_now - (now - age * DAY)))
        _in_parallel(lambda item: _append(server, *item), list(trash[age].items()))
    server.stop()
    server.start()
    _in_parallel(lambda job: _append(server, job[0], job[2]), jobs)
    timings["appends"], clock = time.perf_counter() - clock, time.perf_counter()
    if quotas:
        conn = server.admin_session()
        try:
            for login, limit in quotas.items():
                imap_admin.set_quota(conn, login, limit)
        finally:
            conn.logout()
    mail_seed.write_private(message_ids_file or mail_seed.message_ids_path(server),
                            patient_documents.message_ids_text(est))
    timings["quotas"] = time.perf_counter() - clock
    return summary
