# The guide's Python example ("Python (Server-to-Server with HMAC)"), run unmodified by GuideClientsTest
# against a test server. Lines between ">>> guide" and "<<< guide" are the guide's, byte for byte (the test
# checks them against its copy of the guide); outside them only the constants come from the environment.
import os

# >>> guide: Python (Server-to-Server with HMAC)
import hmac
import hashlib
import time
import requests
# <<< guide

QUERY_API_URL = os.environ['QUERY_API_URL']
TENANT_ID = os.environ['TENANT_ID']
TENANT_SECRET = os.environ['TENANT_SECRET']

# >>> guide
def generate_signature(method: str, path: str, timestamp: str, body: str = '') -> str:
    canonical = f"{method}\n{path}\n{timestamp}\n{body}"
    signature = hmac.new(
        TENANT_SECRET.encode(),
        canonical.encode(),
        hashlib.sha256
    ).hexdigest()
    return f"hmac-sha256={signature}"

def get_user_coupons(user_id: str) -> dict:
    path = f'/v1/coupons/{TENANT_ID}/user/{user_id}'
    timestamp = str(int(time.time()))
    signature = generate_signature('GET', path, timestamp)
    
    response = requests.get(
        f'{QUERY_API_URL}{path}',
        headers={
            'X-Tenant-Id': TENANT_ID,
            'X-Timestamp': timestamp,
            'X-Signature': signature
        }
    )
    response.raise_for_status()
    return response.json()

def redeem_coupon(user_id: str, code: str) -> dict:
    path = f'/v1/coupons/{TENANT_ID}/redeem/{code}'
    timestamp = str(int(time.time()))
    body = f'{{"user_id": "{user_id}"}}'
    signature = generate_signature('POST', path, timestamp, body)
    
    response = requests.post(
        f'{QUERY_API_URL}{path}',
        headers={
            'X-Tenant-Id': TENANT_ID,
            'X-Timestamp': timestamp,
            'X-Signature': signature,
            'Content-Type': 'application/json'
        },
        data=body
    )
    response.raise_for_status()
    return response.json()

# Usage
coupons = get_user_coupons('user_123')
print(f"User has {coupons['total']} coupons")

if coupons['coupons']:
    code = coupons['coupons'][0]['code']
    result = redeem_coupon('user_123', code)
    print(f"Redeemed: {result['reward_item']['name']}")
# <<< guide
