/**
 * Store.claim on Firestore: `${prefix}claims_${collection}`, one document per key, `{ expiresAt }` (a
 * Timestamp, so a Firestore TTL policy on that field can remove expired keys too). A claim is one `create`;
 * only when the key exists is it read, to see whether it expired.
 */
import type { CollectionReference, Firestore } from 'firebase-admin/firestore';
import type { Store } from '../../ports/store.js';
import { assertCollection, assertDate, assertRecordId, normalizeLimit } from '../store-support.js';
import { ALREADY_EXISTS, BACKEND, grpcCode, lostRace } from './firestore-errors.js';
import type { FirestoreModule } from './firestore-queries.js';

/** Firestore writes at most 500 documents a batch. */
const MAX_BATCH = 500;

export function firestoreClaims(
  db: Firestore,
  prefix: string,
  admin: FirestoreModule,
): Pick<Store, 'claim' | 'releaseExpiredClaims'> {
  const claims = (collection: string): CollectionReference => {
    assertCollection(collection, BACKEND);
    return db.collection(`${prefix}claims_${collection}`);
  };
  return {
    claim: async (collection, id, expiresAt) => {
      const col = claims(collection);
      assertRecordId(id, BACKEND);
      assertDate(expiresAt, 'Claim expiry', BACKEND);
      const ref = col.doc(id);
      const doc = { expiresAt: admin.Timestamp.fromMillis(expiresAt.getTime()) };
      try {
        await ref.create(doc);
        return true;
      } catch (error) {
        if (grpcCode(error) !== ALREADY_EXISTS) throw error;
      }
      const existing = await ref.get();
      const expired = existing.exists && (existing.get('expiresAt') as { toMillis(): number }).toMillis() <= Date.now();
      if (!expired || existing.updateTime === undefined) return false;
      try {
        await ref.update(doc, { lastUpdateTime: existing.updateTime });
        return true;
      } catch (error) {
        if (lostRace(error)) return false;
        throw error;
      }
    },

    releaseExpiredClaims: async (collection, now, limit = MAX_BATCH) => {
      const col = claims(collection);
      assertDate(now, 'Claim release time', BACKEND);
      const max = Math.min(normalizeLimit(limit, undefined, BACKEND) ?? MAX_BATCH, MAX_BATCH);
      if (max === 0) return 0;
      const expired = await col
        .where('expiresAt', '<', admin.Timestamp.fromMillis(now.getTime()))
        .orderBy('expiresAt')
        .limit(max)
        .get();
      if (expired.empty) return 0;
      const batch = db.batch();
      for (const doc of expired.docs) batch.delete(doc.ref);
      await batch.commit();
      return expired.size;
    },
  };
}
