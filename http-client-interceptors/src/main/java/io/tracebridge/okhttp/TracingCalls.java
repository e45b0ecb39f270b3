package io.tracebridge.okhttp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import okhttp3.Call;
import okhttp3.Callback;

/**
 * Wraps a {@link Call} so that its callback runs in the caller's context and its clone takes the
 * context current at clone time; every other method is forwarded. A dynamic proxy rather than a
 * class, because {@code Call} gained abstract methods in OkHttp 5 that OkHttp 4 lacks: the proxy
 * forwards whatever methods the OkHttp on the class path has, so one jar works with both.
 */
final class TracingCalls {
  // The proxy class is made once; each call then costs one constructor call, not a proxy-class
  // look-up and a reflective instantiation (several microseconds per request otherwise).
  private static final MethodHandle NEW_PROXY = proxyConstructor();

  private TracingCalls() {}

  static Call wrap(TracingCallFactory factory, Call delegate, CallState state) {
    InvocationHandler handler = new Handler(factory, delegate, state);
    try {
      return (Call) NEW_PROXY.invokeExact(handler);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot instantiate the tracing Call proxy", e);
    }
  }

  private static MethodHandle proxyConstructor() {
    InvocationHandler unused = (proxy, method, args) -> null;
    Class<?> type =
        Proxy.newProxyInstance(Call.class.getClassLoader(), new Class<?>[] {Call.class}, unused)
            .getClass();
    try {
      return MethodHandles.publicLookup()
          .findConstructor(type, MethodType.methodType(void.class, InvocationHandler.class))
          .asType(MethodType.methodType(Call.class, InvocationHandler.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final class Handler implements InvocationHandler {
    private final TracingCallFactory factory;
    private final Call delegate;
    private final CallState state;

    Handler(TracingCallFactory factory, Call delegate, CallState state) {
      this.factory = factory;
      this.delegate = delegate;
      this.state = state;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "enqueue":
          if (args != null && args.length == 1 && args[0] instanceof Callback) {
            delegate.enqueue(new TracingCallback((Callback) args[0], state.caller, (Call) proxy));
            return null;
          }
          break;
        case "clone":
          if (args == null || args.length == 0) {
            return factory.newCall(
                delegate.request()); // the context current now, not the original's
          }
          break;
        case "toString":
          if (args == null || args.length == 0) {
            return "TracingCall("
                + delegate.request().method()
                + " "
                + delegate.request().url()
                + ")";
          }
          break;
        case "equals":
          return args != null && args.length == 1 && proxy == args[0];
        case "hashCode":
          if (args == null || args.length == 0) {
            return System.identityHashCode(proxy);
          }
          break;
        default:
          break;
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
