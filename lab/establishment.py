# SPDX-License-Identifier: GPL-3.0-or-later
"""The fictitious establishment "CH Exemple": one deterministic description shared by every seeder.

The LDAP, maildir and Annuaire seeders all read the same `Establishment`, so the three sources
agree (or disagree on purpose) exactly as described here. Every anomaly the audit must find is
planted deliberately and listed in `SeedMailbox.expected_codes`, so tests and the demo can check
that each one is reported.

Dates are relative to `now` so a seeded platform always looks the same age to the audit.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from ansible_collections.mssante.hygiene.plugins.module_utils.identifiers import luhn_ok
from lab import patient_documents

DOMAIN = "ch-exemple.mssante.fr"
FINESS_EJ = "990000002"
FINESS_EG = ("990000010", "990000028")
# what the demo inventory's mssante_establishment.site_names says
SITE_NAMES = {FINESS_EG[0]: "Site principal", FINESS_EG[1]: "Site des Tilleuls"}
# where the lab directory keeps an account's site (FINESS EG): the demo's attribute_map.site
LDAP_SITE_ATTRIBUTE = "physicalDeliveryOfficeName"
SIRET = "99900000100019"
NAME = "CH Exemple"
LDAP_BASE = "dc=ch-exemple,dc=test"
FHIR_ORG_EJ = "001-01-9990001"
# another establishment (not ours): where a departed professional now works
OTHER_FINESS = "990000044"

SERVICES = ("Cardiologie", "Urgences", "Pédiatrie", "Radiologie", "Pharmacie", "Laboratoire",
            "Chirurgie", "Gériatrie")
PROFESSIONS = (("10", "Médecin"), ("60", "Infirmier"), ("21", "Pharmacien"), ("50", "Sage-Femme"))
FIRST_NAMES = ("Alice", "Bruno", "Chloé", "David", "Émilie", "François", "Gaëlle", "Hugo", "Inès",
               "Julien", "Karima", "Louis", "Manon", "Nicolas", "Océane", "Pierre", "Quentin",
               "Rose", "Sébastien", "Thaïs", "Ugo", "Valérie", "William", "Yasmine", "Zoé")
LAST_NAMES = ("Fictif", "Exemple", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
              "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel",
              "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard")


def luhn_complete(prefix):
    """Append the Luhn check digit to a digit string (real RPPS/FINESS pass Luhn)."""
    return next(prefix + digit for digit in "0123456789" if luhn_ok(prefix + digit))


@dataclass
class Publication:
    """One place where the Annuaire Santé publishes a BAL."""

    carrier: str  # Practitioner | PractitionerRole | Organization
    situation_id: str = ""  # idSituationExercice, for PractitionerRole
    finess: str = ""  # structure the BAL or the situation is attached to
    rank: int = 0  # 1 = BAL préférentielle, 0 = no rank published


@dataclass
class SeedMailbox:
    """One BAL as the three sources should see it."""

    address: str
    kind: str  # PER | ORG | APP
    service: str
    description: str = ""
    # LDAP side: uid of the owning entry (None: no entry), how the account looks
    owner_uid: str = None
    ldap_status: str = "active"  # active | disabled (shadowExpire) | locked (pwdAccountLockedTime)
    ldap_site: str = ""  # FINESS EG in the ORG/APP entry (LDAP_SITE_ATTRIBUTE); people carry their own
    # mail platform side
    on_platform: bool = True
    last_login_days: int = 3  # days since last login; None = never logged in
    # every Sent message at least this old (a professional who reads but no longer writes); None: random
    sent_older_than_days: int = None
    messages: int = 60
    trash_messages: int = 8
    trash_oldest_days: int = 20  # age of the oldest Trash message (saved date)
    quota_near_full: bool = False
    # names of the Trash/Sent/Drafts folders: "fr" (Outlook in French), "en" (Thunderbird, iOS)
    # or "both" (the user has both folders of each role, both are theirs)
    folder_names: str = "fr"
    # Annuaire side
    publications: list = field(default_factory=list)
    extraction_upper: bool = False  # the extraction file writes this address in capitals
    expected_codes: set = field(default_factory=set)
    # XDM messages planted in it (lab/patient_documents.py); their finding is in document_codes()
    documents: list = field(default_factory=list)

    def document_facts(self, now, proofs=patient_documents.ALL_PROOFS):
        """`patient_documents` as mailstore_info must return it, under the configured proofs."""
        return patient_documents.facts(self.documents, now, proofs)

    def proven_message_ids(self, proofs=patient_documents.ALL_PROOFS):
        return patient_documents.proven_ids(self.documents, proofs)

    def document_codes(self, proofs=patient_documents.ALL_PROOFS):
        """The audit's documents_not_integrated, kept apart from expected_codes until the audit
        reads patient documents (issue 16): then the tests add it to what they expect."""
        return patient_documents.codes(self.documents, proofs)


@dataclass
class Person:
    uid: str
    rpps: str
    first_name: str
    last_name: str
    civility: str
    profession_code: str
    profession_label: str
    service: str
    in_ldap: bool = True  # False: a former professional the establishment no longer knows
    rpps_in_ldap: bool = True  # False: the LDAP entry lacks employeeNumber (RPPS)
    situation_here: bool = True  # False: the Annuaire has closed the situation at our EG
    ldap_site: str = ""  # FINESS EG in the LDAP entry (LDAP_SITE_ATTRIBUTE), "" when not set

    @property
    def id_nat_ps(self):
        return "8" + self.rpps

    @property
    def display_name(self):
        return "%s %s" % (self.first_name, self.last_name.upper())


@dataclass
class Establishment:
    now: dt.datetime
    people: list
    mailboxes: list
    name: str = NAME
    domain: str = DOMAIN
    finess_ej: str = FINESS_EJ
    finess_eg: tuple = FINESS_EG
    siret: str = SIRET
    ldap_base: str = LDAP_BASE
    site_names: dict = field(default_factory=lambda: dict(SITE_NAMES))
    _by_uid: dict = field(default=None, init=False, repr=False, compare=False)

    def person(self, uid):
        # indexed: seeders look up the owner of every BAL (quadratic at 10,000 BALs otherwise);
        # rebuilt when people are added after the first lookup
        if self._by_uid is None or len(self._by_uid) != len(self.people):
            self._by_uid = {p.uid: p for p in self.people}
        return self._by_uid.get(uid)

    @property
    def structures(self):
        """Our FINESS: the EJ and its EGs."""
        return {self.finess_ej, *self.finess_eg}

    def situation_id(self, person, finess):
        """A stable idSituationExercice for a person at one EG."""
        return "SE%s%s" % (person.rpps[-6:], finess[-3:])

    def ldap_site(self, box):
        """The site the LDAP entry owning `box` holds ("" when none)."""
        person = self.person(box.owner_uid) if box.owner_uid and box.kind not in ("ORG", "APP") else None
        return person.ldap_site if person is not None and person.in_ldap else box.ldap_site

    def expected_site(self, box):
        """(site, source) the audit must give `box`: its smallest EG published in the Annuaire,
        else its LDAP site, else none (two EGs: the establishment alone cannot tell)."""
        published = sorted({p.finess for p in box.publications} & set(self.finess_eg))
        if published:
            return published[0], "annuaire"
        site = self.ldap_site(box)
        return (site, "directory") if site else ("", "")


def _ascii(text):
    table = str.maketrans("éèêëàâäîïôöûüçÉÈÊÀÂÎÔÛÇ", "eeeeaaaiioouucEEEAAIOUC")
    return text.translate(table).lower().replace(" ", "-")


def _make_people(count, rng):
    people = []
    used = set()
    for index in range(count):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
        uid = "%s.%s" % (_ascii(first), _ascii(last))
        if uid in used:
            uid = "%s%d" % (uid, index)
        used.add(uid)
        code, label = PROFESSIONS[rng.randrange(len(PROFESSIONS))]
        people.append(Person(
            uid=uid, rpps=luhn_complete("10999%05d" % (100 + index)),
            first_name=first, last_name=last, civility="DR" if code == "10" else "M",
            profession_code=code, profession_label=label,
            service=SERVICES[index % len(SERVICES)]))
    return people


def _healthy_per(person, rng):
    finess = FINESS_EG[0] if rng.random() < 0.7 else FINESS_EG[1]
    return SeedMailbox(
        address="%s@%s" % (person.uid, DOMAIN), kind="PER", service=person.service,
        owner_uid=person.uid, last_login_days=rng.randrange(0, 40),
        messages=rng.randrange(30, 120), trash_messages=rng.randrange(0, 12),
        trash_oldest_days=rng.randrange(1, 25),
        publications=[Publication("PractitionerRole", finess=finess, rank=1)])


# Each planted anomaly: (finding codes the audit must report, how the BAL differs from healthy).
def _plant_anomalies(est, rng):
    people = est.people
    boxes = {m.owner_uid: m for m in est.mailboxes if m.kind == "PER"}

    def tweak(index, codes, **changes):
        box = boxes[people[index].uid]
        for key, value in changes.items():
            setattr(box, key, value)
        box.expected_codes.update(codes)
        return box

    # 0: unused for 4 months but still published -> liste rouge
    tweak(0, {"inactive"}, last_login_days=120)
    # 1: unused 8 months and already auto-unpublished -> deletion request
    tweak(1, {"unpublished_inactive"}, last_login_days=240, publications=[])
    # without a situation d'exercice to say where they work, these say it in LDAP (attribute_map.site)
    for index, site in ((1, FINESS_EG[1]), (4, FINESS_EG[0]), (6, FINESS_EG[1])):
        people[index].ldap_site = site
    # 2: owner left: LDAP account disabled
    tweak(2, {"departed_owner"}, ldap_status="disabled", last_login_days=75)
    # 3: owner left: account locked by password policy, mailbox still used by a colleague
    tweak(3, {"departed_owner"}, ldap_status="locked", last_login_days=2)
    # 4: published only on the Practitioner (no situation d'exercice)
    tweak(4, {"no_situation"}, publications=[Publication("Practitioner", rank=1)])
    # 5: one BAL published on two situations d'exercice
    tweak(5, {"multi_situation"}, publications=[
        Publication("PractitionerRole", finess=FINESS_EG[0], rank=1),
        Publication("PractitionerRole", finess=FINESS_EG[1], rank=1)])
    # 6: active local BAL absent from the Annuaire
    tweak(6, {"not_published", "no_preferred"}, publications=[])
    # 7: published, but no BAL of this person is preferred
    tweak(7, {"no_preferred"}, publications=[
        Publication("PractitionerRole", finess=FINESS_EG[0], rank=0)])
    # 8: trash never emptied
    tweak(8, {"trash_overdue"}, trash_messages=40, trash_oldest_days=400)
    # 9: quota almost full
    tweak(9, {"quota_near_full"}, quota_near_full=True, messages=150)
    # 10: never logged in at all: activity unknown, not "inactive"
    tweak(10, set(), last_login_days=None)

    # 11: a second personal BAL for the same professional
    dup_person = people[11]
    est.mailboxes.append(SeedMailbox(
        address="%s.urgences@%s" % (dup_person.uid, DOMAIN), kind="PER", service="Urgences",
        owner_uid=dup_person.uid, last_login_days=10,
        publications=[Publication("PractitionerRole", finess=FINESS_EG[1], rank=2)],
        expected_codes={"duplicate_personal"}))
    boxes[dup_person.uid].expected_codes.add("duplicate_personal")

    # published by the Annuaire on our domain, but no such mailbox on the platform
    former = Person(uid="ancien.interne", rpps=luhn_complete("1099998999"), first_name="Ancien",
                    last_name="Interne", civility="DR", profession_code="10",
                    profession_label="Médecin", service="Chirurgie", in_ldap=False)
    people.append(former)
    est.mailboxes.append(SeedMailbox(
        address="ancien.interne@%s" % DOMAIN, kind="PER", service="Chirurgie",
        owner_uid=former.uid, on_platform=False, last_login_days=None, messages=0, trash_messages=0,
        publications=[Publication("PractitionerRole", finess=FINESS_EG[0], rank=1)],
        expected_codes={"orphan_published"}))

    def extra_doctor(uid, rpps, first, last, service, **box):
        """An extra person (`staff` healthy BALs stay) with one BAL published at the main site."""
        person = Person(uid=uid, rpps=luhn_complete(rpps), first_name=first, last_name=last, civility="DR",
                        profession_code="10", profession_label="Médecin", service=service)
        people.append(person)
        est.mailboxes.append(SeedMailbox(
            address="%s@%s" % (uid, DOMAIN), kind="PER", service=service, owner_uid=uid,
            publications=[Publication("PractitionerRole", finess=FINESS_EG[0], rank=1)], **box))

    # unused for 50 days, past the 45-day warning (healthy BALs stay under 40): the owner is told
    # to reconnect before the 60-day dépublication.
    extra_doctor("bientot.inactive", "1099998998", "Bérénice", "Bientôt", "Pédiatrie", last_login_days=50,
                 expected_codes={"inactive_soon"})
    # reads every day but has not written for months: the Sent folder alone (imap backend) would call
    # it inactive; its logins (Dovecot's last_login, the operator's connection file) say otherwise
    extra_doctor("lecteur.assidu", "1099998997", "Léon", "Assidu", "Radiologie", last_login_days=2,
                 sent_older_than_days=200, messages=40)
    # a mailbox on the platform that no LDAP entry owns
    est.mailboxes.append(SeedMailbox(
        address="stagiaire.inconnu@%s" % DOMAIN, kind="PER", service="Urgences",
        last_login_days=5, publications=[], expected_codes={"unknown_owner"}))
    del rng


def _plant_other_establishment(est):
    """The audit cases an establishment other than the demo's exposed (issue #13), one BAL each.

    They are extra people, outside `staff`: the healthy BAL count stays `staff`.
    """
    def person(uid, first, last, rpps_suffix, **flags):
        found = Person(uid=uid, rpps=luhn_complete("1099997%03d" % rpps_suffix), first_name=first,
                       last_name=last, civility="DR", profession_code="10", profession_label="Médecin",
                       service="Cardiologie", **flags)
        est.people.append(found)
        return found

    def box(owner, **values):
        values.setdefault("publications", [Publication("PractitionerRole", finess=FINESS_EG[0], rank=1)])
        mailbox = SeedMailbox(address="%s@%s" % (owner.uid, DOMAIN), kind="PER", service=owner.service,
                              owner_uid=owner.uid, **values)
        est.mailboxes.append(mailbox)
        return mailbox

    # a. the extraction file writes the address in capitals: still published, hence "inactive"
    box(person("claire.capitales", "Claire", "Capitales", 101), last_login_days=100,
        extraction_upper=True, expected_codes={"inactive"})
    # b. published, no mailbox on the platform (read over IMAP: the admin login is refused for
    #    this BAL only): ancien.interne above carries orphan_published.
    # c. LDAP account without RPPS, active local BAL absent from the Annuaire: both findings
    box(person("interne.sansrpps", "Interne", "Sansrpps", 102, rpps_in_ldap=False, ldap_site=FINESS_EG[0]),
        last_login_days=4, publications=[], expected_codes={"unknown_owner", "not_published"})
    # d. our situation closed, the only active one at another establishment, which publishes the BAL
    box(person("parti.ailleurs", "Paul", "Ailleurs", 103, situation_here=False), last_login_days=90,
        publications=[Publication("PractitionerRole", finess=OTHER_FINESS, rank=1)],
        expected_codes={"departed_owner"})


def _functional_boxes():
    """Organisational and applicative BALs: ORG used by teams, APP used by software only.

    Their LDAP entries say their site too (the Annuaire's Organization wins when both do)."""
    eg = FINESS_EG[0]
    return [
        SeedMailbox(address="secretariat.cardiologie@%s" % DOMAIN, kind="ORG", service="Cardiologie",
                    description="Secrétariat de cardiologie", owner_uid="secretariat.cardiologie", ldap_site=eg,
                    last_login_days=1, messages=200, trash_messages=15,
                    publications=[Publication("Organization", finess=eg)]),
        SeedMailbox(address="accueil.urgences@%s" % DOMAIN, kind="ORG", service="Urgences",
                    description="Accueil des urgences", owner_uid="accueil.urgences", ldap_site=eg,
                    last_login_days=90, messages=80,
                    publications=[Publication("Organization", finess=eg)],
                    expected_codes={"inactive"}),
        # software mailbox: never logs in interactively, must not be flagged inactive
        SeedMailbox(address="resultats.labo@%s" % DOMAIN, kind="APP", service="Laboratoire",
                    description="Envoi automatique des résultats de biologie",
                    owner_uid="resultats.labo", ldap_site=eg, last_login_days=None, messages=300,
                    trash_messages=0,
                    publications=[Publication("Organization", finess=eg)]),
    ]


# Scale runs (bench/bench_scale.py): saved ages of the oldest Trash message, few distinct values
# so that seeding needs few faketime'd doveadm runs; all but one are past the 30-day purge age.
SCALE_TRASH_OLDEST_DAYS = (20, 45, 90, 180)


def _scale_volumes(est, rng):
    """Modest mail volumes for the healthy BALs (~15 messages, 5-10 in the Trash, mostly old).

    Planted anomalies keep their own volumes, so the audit still reports every one of them.
    """
    for box in est.mailboxes:
        if box.on_platform and not box.expected_codes and box.kind == "PER":
            box.messages = rng.randrange(8, 16)
            box.trash_messages = rng.randrange(5, 11)
            box.trash_oldest_days = rng.choice(SCALE_TRASH_OLDEST_DAYS)


def _plant_folder_names(est):
    """Every other healthy personal BAL uses English folder names, the first of them both (issue #14).

    Expected findings stay as planted; each of them gets old Trash mail (in each Trash for "both").
    """
    healthy = [box for box in est.mailboxes if box.kind == "PER" and box.on_platform and not box.expected_codes]
    for number, box in enumerate(healthy[::2]):
        box.folder_names = "both" if number == 0 else "en"
        box.trash_messages, box.trash_oldest_days = max(box.trash_messages, 6), max(box.trash_oldest_days, 80)


def build(staff=40, now=None, seed=20261126, scale=False, mixed_folders=False):
    """Describe CH Exemple with `staff` professionals (>= 12 plants every anomaly).

    `scale`: light mail volumes for 10,000-BAL runs (same people, BALs and publications).
    `mixed_folders`: some users have English special folder names, one both (see
    _plant_folder_names); seed such a lab with Dovecot(special_auto="no").
    """
    if staff < 12:
        raise ValueError("staff must be at least 12 to plant every anomaly, got %d" % staff)
    rng = random.Random(seed)
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    people = _make_people(staff, rng)
    est = Establishment(now=now, people=people, mailboxes=[])
    est.mailboxes = [_healthy_per(p, rng) for p in people]
    _plant_anomalies(est, rng)
    _plant_other_establishment(est)
    est.mailboxes.extend(_functional_boxes())
    patient_documents.plant(est)
    for box in est.mailboxes:
        for pub in box.publications:
            if pub.carrier == "PractitionerRole" and box.owner_uid:
                pub.situation_id = est.situation_id(est.person(box.owner_uid), pub.finess)
    if scale:
        _scale_volumes(est, random.Random(seed + 1))
    if mixed_folders:
        _plant_folder_names(est)
    return est
