package com.cardscry.portal.application.limits;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client address a request is rate-limited by, read from its {@code X-Forwarded-For} header.
 *
 * <p>Only the rightmost entry counts: the platform's front end (App Service in Azure, the local host
 * here) appends the address of the TCP peer it accepted the connection from, while everything to its
 * left came from the client and can be forged. That entry is reduced to what identifies one client:
 * <ul>
 *   <li>an IPv4 address, without its port ({@code 203.0.113.7:5678} is {@code 203.0.113.7});</li>
 *   <li>an IPv6 address, without brackets and port, cut to its /64 prefix, because one subscriber is
 *       routinely given a whole /64 and could otherwise change address on every request
 *       ({@code [2001:db8:1:2::9]:5678} is {@code 2001:db8:1:2:0:0:0:0/64}); an IPv4-mapped IPv6
 *       address is its IPv4 address.</li>
 * </ul>
 *
 * <p>An absent, empty or unparseable entry gives no address. Callers should then limit all such
 * requests under one shared key rather than not at all, or a malformed header would lift the limit.
 * Nothing here resolves host names: text that is not an address literal is refused without a lookup.
 */
public final class ClientAddress {

    /** The length of the IPv6 prefix one client is counted by. */
    public static final int IPV6_PREFIX_BITS = 64;

    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?");
    private static final Pattern BARE_IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::(\\d{1,5}))?");
    private static final int MAX_PORT = 65_535;

    private ClientAddress() {
    }

    /**
     * @param forwardedFor the raw value of the {@code X-Forwarded-For} header, or {@code null} when absent
     * @return the address to limit by, or empty when the rightmost entry is not an address
     */
    public static Optional<String> fromForwardedFor(String forwardedFor) {
        if (forwardedFor == null) {
            return Optional.empty();
        }
        String rightmost = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).strip();
        Matcher ipv4 = IPV4.matcher(rightmost);
        if (ipv4.matches()) {
            return validPort(ipv4.group(5)) ? ipv4(ipv4) : Optional.empty();
        }
        Matcher bracketed = BRACKETED_IPV6.matcher(rightmost);
        if (bracketed.matches()) {
            return validPort(bracketed.group(2)) ? ipv6(bracketed.group(1)) : Optional.empty();
        }
        if (BARE_IPV6.matcher(rightmost).matches()) {
            return ipv6(rightmost);
        }
        return Optional.empty();
    }

    private static Optional<String> ipv4(Matcher dotted) {
        int[] octets = new int[4];
        for (int index = 0; index < octets.length; index++) {
            octets[index] = Integer.parseInt(dotted.group(index + 1));
            if (octets[index] > 255) {
                return Optional.empty();
            }
        }
        return Optional.of(octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3]);
    }

    /**
     * {@code literal} has only hex digits, colons and dots; in brackets the JDK parses it as an IPv6
     * literal and refuses it if it is not one, never looking it up as a host name.
     */
    private static Optional<String> ipv6(String literal) {
        InetAddress address;
        try {
            address = InetAddress.getByName("[" + literal + "]");
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
        if (address instanceof Inet4Address mapped) {
            return Optional.of(mapped.getHostAddress());
        }
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(prefix, IPV6_PREFIX_BITS / 8, prefix.length, (byte) 0);
        try {
            return Optional.of(InetAddress.getByAddress(prefix).getHostAddress() + "/" + IPV6_PREFIX_BITS);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", impossible);
        }
    }

    private static boolean validPort(String port) {
        return port == null || Integer.parseInt(port) <= MAX_PORT;
    }
}
