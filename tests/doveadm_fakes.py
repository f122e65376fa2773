# SPDX-License-Identifier: GPL-3.0-or-later
"""A doveadm runner for unit tests: records each command and answers from `answer(args, users)`."""

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_run import Runner


class ScriptedDoveadm(Runner):
    def __init__(self):
        self.jobs = []
        self.calls = []  # the commands of each run_many call: what ran at once

    def answer(self, args, users):
        raise NotImplementedError

    def run_many(self, jobs, json_output=True):
        self.calls.append([args[:2] for args, _users in jobs])
        answers = []
        for args, users in jobs:
            self.jobs.append(args)
            answers.append((self.answer(args, users), {}))
        return answers
