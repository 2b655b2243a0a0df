"""Change management: plans, the change board's approvals, and the audit trail.

One idea per module:

* ``store`` - the database (SQLAlchemy models, sessions, Alembic migrations run on open);
* ``confighash`` - a configuration's hash over the diff engine's normalised tree;
* ``plan`` - building a plan from running and golden configs (pure) and its canonical hash;
* ``risk`` - the risk flags of a device's changes;
* ``policy`` - the approval policy file (people, groups, quorum, windows, freezes);
* ``signing`` - OpenSSH signatures (``ssh-keygen -Y sign`` / ``-Y verify``, namespace citynet);
* ``audit`` - the hash-chained audit log;
* ``approvals`` - recording signed actions, and a plan's approval status;
* ``windows`` - change windows and freezes in the City's time zone;
* ``service`` - what the commands do, on a store, a policy and a workspace.
"""
