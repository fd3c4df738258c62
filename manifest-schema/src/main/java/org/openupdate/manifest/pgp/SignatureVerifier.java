package org.openupdate.manifest.pgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies detached OpenPGP signatures over exact bytes, failing closed.
 *
 * <pre>{@code
 * SignatureVerifier verifier = new SignatureVerifier(trustedKeys, 1, Clock.systemUTC());
 * verifier.verifyOrThrow(manifestBytes, signatureBytes); // before parsing the manifest
 * }</pre>
 *
 * <p>Data counts as signed when at least {@code threshold} distinct pinned keys made a good
 * signature. A signature does not count when it uses a weak hash (MD5, SHA-1, RIPEMD-160), is dated
 * in the future, comes from an unpinned, revoked or expired key or from a subkey not bound to its
 * pinned primary, or is not a document signature. Input that is not a detached signature (an
 * inline-signed or clear-signed message) or is larger than 64 KiB is refused as a whole.
 */
public final class SignatureVerifier {

  /** A detached signature file is a few hundred bytes per key; anything this large is not one. */
  public static final int MAX_SIGNATURE_BYTES = 64 * 1024;

  /** Tolerated clock difference between signer and verifier. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Set<Integer> WEAK_HASHES =
      Set.of(
          HashAlgorithmTags.MD5,
          HashAlgorithmTags.SHA1,
          HashAlgorithmTags.RIPEMD160,
          HashAlgorithmTags.MD2,
          HashAlgorithmTags.TIGER_192,
          HashAlgorithmTags.HAVAL_5_160);

  private final TrustedKeys trustedKeys;
  private final int threshold;
  private final Clock clock;
  private final BcPGPContentVerifierBuilderProvider verifiers =
      new BcPGPContentVerifierBuilderProvider();

  /**
   * @param threshold how many distinct pinned keys must have signed; at least 1
   */
  public SignatureVerifier(TrustedKeys trustedKeys, int threshold, Clock clock) {
    if (threshold < 1) {
      throw new IllegalArgumentException(
          "signature threshold must be at least 1, was " + threshold);
    }
    if (threshold > trustedKeys.fingerprints().size()) {
      throw new IllegalArgumentException(
          "signature threshold "
              + threshold
              + " exceeds the number of trusted keys ("
              + trustedKeys.fingerprints().size()
              + ")");
    }
    this.trustedKeys = trustedKeys;
    this.threshold = threshold;
    this.clock = clock;
  }

  /** Verifies and returns the verdict with the reason for every signature that did not count. */
  public Verification verify(byte[] data, byte[] signature) {
    List<String> problems = new ArrayList<>();
    List<PGPSignature> signatures;
    try {
      signatures = readDetachedSignatures(signature);
    } catch (RefusedInput e) {
      return new Verification(false, Set.of(), List.of(e.getMessage()));
    }
    Set<Fingerprint> signers = new LinkedHashSet<>();
    for (PGPSignature sig : signatures) {
      check(sig, data).ifPresentOrElse(problems::add, () -> signers.add(signerOf(sig)));
    }
    if (signers.size() < threshold) {
      problems.add(
          "need good signatures from "
              + threshold
              + " pinned key(s), got "
              + signers.size()
              + (signers.isEmpty() ? "" : " " + signers));
      return new Verification(false, signers, problems);
    }
    return new Verification(true, signers, problems);
  }

  /**
   * Verifies and throws when the data is not signed as required.
   *
   * @throws SignatureVerificationException naming every reason
   */
  public Verification verifyOrThrow(byte[] data, byte[] signature) {
    Verification verification = verify(data, signature);
    if (!verification.valid()) {
      throw new SignatureVerificationException(
          "signature refused: " + String.join("; ", verification.problems()));
    }
    return verification;
  }

  private List<PGPSignature> readDetachedSignatures(byte[] input) throws RefusedInput {
    if (input == null || input.length == 0) {
      throw new RefusedInput("signature is empty");
    }
    if (input.length > MAX_SIGNATURE_BYTES) {
      throw new RefusedInput(
          "signature is "
              + input.length
              + " bytes, more than the "
              + MAX_SIGNATURE_BYTES
              + " allowed");
    }
    List<PGPSignature> result = new ArrayList<>();
    for (byte[] block : armoredBlocks(input)) {
      readSignatures(block, result);
    }
    if (result.isEmpty()) {
      throw new RefusedInput("no OpenPGP signature found");
    }
    return result;
  }

  /**
   * Armored signature files put one after the other ({@code cat a.asc b.asc}): each key holder
   * signs with {@code gpg --detach-sign --armor} on their own machine. A decoder reads only the
   * first armor block, so each is read on its own; anything else is one block.
   */
  private static List<byte[]> armoredBlocks(byte[] input) {
    String text = new String(input, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PGP SIGNATURE-----";
    if (!text.strip().startsWith(begin)) {
      return List.of(input);
    }
    List<byte[]> blocks = new ArrayList<>();
    int start = text.indexOf(begin);
    while (start >= 0) {
      int next = text.indexOf(begin, start + begin.length());
      int end = next < 0 ? input.length : next;
      blocks.add(java.util.Arrays.copyOfRange(input, start, end));
      start = next;
    }
    return blocks;
  }

  private void readSignatures(byte[] input, List<PGPSignature> result) throws RefusedInput {
    try (InputStream decoded = PGPUtil.getDecoderStream(new ByteArrayInputStream(input))) {
      if (isClearSigned(input, decoded)) {
        throw new RefusedInput("a clear-signed message is not a detached signature");
      }
      BcPGPObjectFactory objects = new BcPGPObjectFactory(decoded);
      Object next;
      while ((next = objects.nextObject()) != null) {
        if (next instanceof PGPSignatureList list) {
          list.forEach(result::add);
        } else if (next instanceof PGPCompressedData
            || next instanceof PGPOnePassSignatureList
            || next instanceof PGPLiteralData) {
          throw new RefusedInput("an inline-signed message is not a detached signature");
        } else {
          throw new RefusedInput("unexpected OpenPGP packet in a detached signature");
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new RefusedInput("not an OpenPGP signature: " + e.getMessage());
    }
  }

  private static boolean isClearSigned(byte[] input, InputStream decoded) {
    if (decoded instanceof ArmoredInputStream armored && armored.isClearText()) {
      return true;
    }
    String head = new String(input, 0, Math.min(input.length, 200), StandardCharsets.US_ASCII);
    return head.strip().startsWith("-----BEGIN PGP SIGNED MESSAGE-----");
  }

  /** Why this signature does not count, or empty when it is good. */
  private Optional<String> check(PGPSignature sig, byte[] data) {
    String id = "signature by key " + Long.toHexString(sig.getKeyID()).toUpperCase();
    if (sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT
        && sig.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
      return Optional.of(id + " is not a document signature (type " + sig.getSignatureType() + ")");
    }
    if (WEAK_HASHES.contains(sig.getHashAlgorithm())) {
      return Optional.of(id + " uses a weak hash algorithm (" + hashName(sig) + ")");
    }
    Instant created = sig.getCreationTime().toInstant();
    if (created.isAfter(clock.instant().plus(CLOCK_SKEW))) {
      return Optional.of(id + " is dated in the future (" + created + ")");
    }
    Optional<PGPPublicKeyRing> ring = trustedKeys.ringWithKey(sig.getKeyID());
    if (ring.isEmpty()) {
      return Optional.of(id + " is not from a pinned key");
    }
    PGPPublicKey primary = ring.get().getPublicKey();
    PGPPublicKey key = ring.get().getPublicKey(sig.getKeyID());
    id = id + " (" + Fingerprint.of(primary) + ")";
    try {
      if (isRevoked(primary, primary) || (key != primary && isRevoked(primary, key))) {
        return Optional.of(id + " comes from a revoked key");
      }
      if (key != primary && !isBoundSigningSubkey(primary, key)) {
        return Optional.of(id + " comes from a subkey not bound to its primary key for signing");
      }
      if (isExpiredAt(primary, created) || isExpiredAt(key, created)) {
        return Optional.of(id + " was made after the key expired");
      }
      sig.init(verifiers, key);
      sig.update(data);
      if (!sig.verify()) {
        return Optional.of(id + " does not match the data");
      }
      return Optional.empty();
    } catch (PGPException | RuntimeException e) {
      return Optional.of(id + " cannot be checked: " + e.getMessage());
    }
  }

  private Fingerprint signerOf(PGPSignature sig) {
    return Fingerprint.of(trustedKeys.ringWithKey(sig.getKeyID()).orElseThrow().getPublicKey());
  }

  private boolean isRevoked(PGPPublicKey primary, PGPPublicKey key) throws PGPException {
    int type = key == primary ? PGPSignature.KEY_REVOCATION : PGPSignature.SUBKEY_REVOCATION;
    for (Iterator<PGPSignature> it = key.getSignaturesOfType(type); it.hasNext(); ) {
      PGPSignature revocation = it.next();
      revocation.init(verifiers, primary);
      boolean genuine =
          key == primary
              ? revocation.verifyCertification(key)
              : revocation.verifyCertification(primary, key);
      if (genuine) {
        return true;
      }
    }
    return false;
  }

  private boolean isBoundSigningSubkey(PGPPublicKey primary, PGPPublicKey subkey)
      throws PGPException {
    for (Iterator<PGPSignature> it = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        it.hasNext(); ) {
      PGPSignature binding = it.next();
      binding.init(verifiers, primary);
      if (!binding.verifyCertification(primary, subkey)) {
        continue;
      }
      PGPSignatureSubpacketVector hashed = binding.getHashedSubPackets();
      if (hashed == null || (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) == 0) {
        continue;
      }
      // A signing subkey must also claim its primary (back-signature), or anyone could adopt it.
      // GnuPG stores that back-signature in the unhashed area; it is self-authenticating.
      for (PGPSignature back : embeddedSignatures(binding)) {
        if (back.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING) {
          back.init(verifiers, subkey);
          if (back.verifyCertification(primary, subkey)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static List<PGPSignature> embeddedSignatures(PGPSignature binding) throws PGPException {
    List<PGPSignature> result = new ArrayList<>();
    for (PGPSignatureSubpacketVector area :
        new PGPSignatureSubpacketVector[] {
          binding.getHashedSubPackets(), binding.getUnhashedSubPackets()
        }) {
      if (area != null) {
        area.getEmbeddedSignatures().forEach(result::add);
      }
    }
    return result;
  }

  private static boolean isExpiredAt(PGPPublicKey key, Instant when) {
    long validSeconds = key.getValidSeconds();
    return validSeconds > 0
        && key.getCreationTime().toInstant().plusSeconds(validSeconds).isBefore(when);
  }

  private static String hashName(PGPSignature sig) {
    try {
      return PGPUtil.getDigestName(sig.getHashAlgorithm());
    } catch (PGPException e) {
      return "algorithm " + sig.getHashAlgorithm();
    }
  }

  /** The input as a whole is not an acceptable detached signature. */
  private static final class RefusedInput extends Exception {
    RefusedInput(String message) {
      super(message, null, false, false);
    }
  }
}
