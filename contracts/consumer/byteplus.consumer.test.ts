/**
 * Consumer contract of byteplus (provider `byteplus-modelark`): the project's GatewayClient against
 * the Pact mock, every Action and the error shapes. The native contract is shared with the other native gateway
 * (./native-contract.ts); this file is the only writer of its pact.
 */
import { nativeContract } from "./native-contract.js";

nativeContract("byteplus");
