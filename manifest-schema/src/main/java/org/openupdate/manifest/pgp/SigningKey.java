package org.openupdate.manifest.pgp;

import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/** An unlocked signing key: the private part of the key that signs, and its public certificate. */
public final class SigningKey {

  private final PGPPublicKeyRing publicKeyRing;
  private final PGPPublicKey signingPublicKey;
  private final PGPPrivateKey privateKey;

  SigningKey(
      PGPPublicKeyRing publicKeyRing, PGPPublicKey signingPublicKey, PGPPrivateKey privateKey) {
    this.publicKeyRing = publicKeyRing;
    this.signingPublicKey = signingPublicKey;
    this.privateKey = privateKey;
  }

  /** Fingerprint of the primary key: the one clients pin. */
  public Fingerprint fingerprint() {
    return Fingerprint.of(publicKeyRing.getPublicKey());
  }

  public PGPPublicKeyRing publicKeyRing() {
    return publicKeyRing;
  }

  public String armoredPublicKey() {
    return PgpKeys.armor(publicKeyRing);
  }

  PGPPublicKey signingPublicKey() {
    return signingPublicKey;
  }

  PGPPrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "SigningKey[" + fingerprint() + "]";
  }
}
