// The guide's JavaScript examples ("Example Integration" and "Creating Tenant JWTs"), run unmodified by
// GuideClientsTest against a test server. Lines between ">>> guide" and "<<< guide" are the guide's, byte for
// byte (the test checks them against its copy of the guide). Outside them is only what the guide leaves to the
// integrator: the constants, from the environment; require() in an ES module (the guide's example uses top-level
// await); and getAuthToken(), which here is the guide's own proxy calling createTenantJWT at login.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

const QUERY_API_URL = process.env.QUERY_API_URL;
const TENANT_ID = process.env.TENANT_ID;
const TENANT_SECRET = process.env.TENANT_SECRET;

// >>> guide: Creating Tenant JWTs (Proxy Server)
const jwt = require('jsonwebtoken');

function createTenantJWT(tenantId, tenantSecret, userId, expiresIn = 3600) {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({
    sub: userId,
    sub_type: 'tenant',
    sub_id: tenantId,
    iat: now,
    exp: now + expiresIn,
  }, tenantSecret, { algorithm: 'HS256' });
}
// <<< guide

async function getAuthToken() {
  return createTenantJWT(TENANT_ID, TENANT_SECRET, 'user_123');
}

// >>> guide: JavaScript/TypeScript (Frontend with JWT)
// Your proxy server issues this JWT after user login
const jwtToken = await getAuthToken();
// <<< guide

const tenantId = TENANT_ID;
// >>> guide
const userId = 'user_123';

// Get user's coupons
async function getUserCoupons() {
  const response = await fetch(
    `${QUERY_API_URL}/v1/coupons/${tenantId}/user/${userId}`,
    {
      headers: {
        'Authorization': `Bearer ${jwtToken}`
      }
    }
  );
  return response.json();
}

// Validate a coupon code
async function validateCoupon(code) {
  const response = await fetch(
    `${QUERY_API_URL}/v1/coupons/${tenantId}/validate/${code}`,
    {
      headers: {
        'Authorization': `Bearer ${jwtToken}`
      }
    }
  );
  
  const result = await response.json();
  
  if (!result.valid) {
    throw new Error(result.error);
  }
  
  return result.coupon;
}

// Redeem a coupon
async function redeemCoupon(code) {
  const response = await fetch(
    `${QUERY_API_URL}/v1/coupons/${tenantId}/redeem/${code}`,
    {
      method: 'POST',
      headers: {
        'Authorization': `Bearer ${jwtToken}`,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({ user_id: userId })
    }
  );
  
  if (!response.ok) {
    const error = await response.json();
    throw new Error(error.message || 'Redemption failed');
  }
  
  return response.json();
}

// Usage
try {
  // First validate
  const coupon = await validateCoupon('WELCOME8X4F2K9P');
  console.log('Coupon is valid:', coupon.reward_item.name);
  
  // Then redeem
  const redeemed = await redeemCoupon('WELCOME8X4F2K9P');
  console.log('Redeemed! Reward:', redeemed.reward_item);
} catch (error) {
  console.error('Coupon error:', error.message);
}
// <<< guide

// Not in the guide: what the player's coupons look like afterwards, on one line for the test to read.
console.log('USER_COUPONS ' + JSON.stringify(await getUserCoupons()));
