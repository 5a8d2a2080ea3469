"""Certificates for the revocation tests, made by the edge server once its
plain port is known: their CRL distribution points name it.

    make(certs, out, edge_port) -> {listener name: (chain PEM, key PEM)}

From the test CA that make-certs wrote into `certs` (ca.pem, ca.key), into
`out` (remade every time):
  rev-good.*      CDP http://127.0.0.1:PORT/crl/test.crl, not revoked
  rev-revoked.*   the same CDP, revoked in test.crl
  rev-offline.*   CDP http://127.0.0.1:PORT/crl/offline.crl, which the
                  edge server never answers (a CRL that cannot be had)
  rev-counted.*   CDP http://127.0.0.1:PORT/crl/counted.crl (test.crl's
                  bytes under their own name and fetch counter)
  rev-deferred.*  CDP http://127.0.0.1:PORT/crl/deferred.crl (test.crl's
                  bytes, which list it as revoked, under a name only the
                  redirect test asks for)
  rev-garbage.*, rev-forged.*, rev-stale.*   CDP .../crl/garbage.crl (not
                  a CRL), forged.crl (the CA's name, another key's
                  signature), stale.crl (the CA's, past its nextUpdate)
  test.crl, counted.crl   DER CRL signed by the CA, lastUpdate a day ago,
                  nextUpdate in 30 days
Leaf keys are P-256 (quick to make); names localhost, 127.0.0.1 and ::1.
"""
import datetime
import os
import shutil
import subprocess

LEAVES = {
    # listener name: (file stem, CRL name)
    "edge_rev_good": ("rev-good", "test"),
    "edge_rev_revoked": ("rev-revoked", "test"),
    "edge_rev_offline": ("rev-offline", "offline"),
    "edge_rev_counted": ("rev-counted", "counted"),
    "edge_rev_garbage": ("rev-garbage", "garbage"),
    "edge_rev_forged": ("rev-forged", "forged"),
    "edge_rev_stale": ("rev-stale", "stale"),
    "edge_rev_deferred": ("rev-deferred", "deferred"),
}


def _openssl(*args, cwd):
    proc = subprocess.run(["openssl", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)}: {proc.stderr.strip()}")


def _stamp(when):
    return when.strftime("%Y%m%d%H%M%SZ")


def make(certs, out, edge_port):
    if not (os.path.exists(os.path.join(certs, "ca.key")) and os.path.exists(os.path.join(certs, "ca.pem"))):
        return {}
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=365)
    sections = []
    for crl in sorted({c for _, c in LEAVES.values()}):
        sections.append(f"""[ext_{crl}]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
crlDistributionPoints = URI:http://127.0.0.1:{edge_port}/crl/{crl}.crl
""")
    with open(os.path.join(out, "openssl.cnf"), "w") as f:
        f.write(f"""[ca]
default_ca = testca

[testca]
dir = {out}
database = {out}/index.txt
serial = {out}/serial
crlnumber = {out}/crlnumber
new_certs_dir = {out}
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no

[policy_any]
organizationName = optional
commonName = supplied

[req]
distinguished_name = req_dn
prompt = no

[req_dn]
CN = unused

""" + "\n".join(sections))
    open(os.path.join(out, "index.txt"), "w").close()
    with open(os.path.join(out, "crlnumber"), "w") as f:
        f.write("01\n")
    ca = ["-config", "openssl.cnf", "-cert", os.path.join(certs, "ca.pem"), "-keyfile", os.path.join(certs, "ca.key")]
    served = {}
    for listener, (stem, crl) in LEAVES.items():
        _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f"{stem}.key", cwd=out)
        _openssl("req", "-config", "openssl.cnf", "-new", "-key", f"{stem}.key",
                 "-subj", f"/O=hinternet tests/CN={stem}", "-out", f"{stem}.csr", cwd=out)
        _openssl("ca", *ca, "-batch", "-in", f"{stem}.csr", "-startdate", _stamp(start), "-enddate", _stamp(end),
                 "-rand_serial", "-notext", "-extensions", f"ext_{crl}", "-out", f"{stem}.pem", cwd=out)
        with open(os.path.join(out, f"{stem}-chain.pem"), "w") as chain:
            with open(os.path.join(out, f"{stem}.pem")) as leaf, open(os.path.join(certs, "ca.pem")) as root:
                chain.write(leaf.read() + root.read())
        served[listener] = (os.path.join(out, f"{stem}-chain.pem"), os.path.join(out, f"{stem}.key"))
    _openssl("ca", *ca, "-revoke", "rev-revoked.pem", cwd=out)
    _openssl("ca", *ca, "-revoke", "rev-deferred.pem", cwd=out)
    _openssl("ca", *ca, "-gencrl", "-crl_lastupdate", _stamp(start),
             "-crl_nextupdate", _stamp(now + datetime.timedelta(days=30)), "-out", "test.crl.pem", cwd=out)
    _openssl("crl", "-in", "test.crl.pem", "-outform", "DER", "-out", "test.crl", cwd=out)
    shutil.copyfile(os.path.join(out, "test.crl"), os.path.join(out, "counted.crl"))
    shutil.copyfile(os.path.join(out, "test.crl"), os.path.join(out, "deferred.crl"))
    _openssl("ca", *ca, "-gencrl", "-crl_lastupdate", _stamp(now - datetime.timedelta(days=3)),
             "-crl_nextupdate", _stamp(now - datetime.timedelta(days=1)), "-out", "stale.crl.pem", cwd=out)
    _openssl("crl", "-in", "stale.crl.pem", "-outform", "DER", "-out", "stale.crl", cwd=out)
    # The CA certificate signed again with a key of its own: the same
    # subject, byte for byte, so only the signature tells the CRL apart.
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "forger.key", cwd=out)
    _openssl("x509", "-in", os.path.join(certs, "ca.pem"), "-signkey", "forger.key", "-out", "forger.pem", cwd=out)
    _openssl("ca", "-config", "openssl.cnf", "-cert", "forger.pem", "-keyfile", "forger.key", "-gencrl",
             "-crl_lastupdate", _stamp(start), "-crl_nextupdate", _stamp(now + datetime.timedelta(days=30)),
             "-out", "forged.crl.pem", cwd=out)
    _openssl("crl", "-in", "forged.crl.pem", "-outform", "DER", "-out", "forged.crl", cwd=out)
    with open(os.path.join(out, "garbage.crl"), "wb") as f:
        f.write(b"this is not a certificate revocation list\n")
    return served
